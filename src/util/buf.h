/*
 * Growable byte buffer with an optional cap.  The bytes are always followed
 * by a NUL (not counted in len), so text can be used as a C string; binary
 * data with NUL bytes is kept exactly.
 */
#ifndef RF_UTIL_BUF_H
#define RF_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;	/* owned; NULL until the first append */
	size_t len;
	size_t alloc;
	size_t max;	/* 0: no cap; else appends past max bytes fail */
};

#define BUF_INIT { NULL, 0, 0, 0 }

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
/* Forget the contents, keep the storage and the cap. */
void buf_reset(struct buf *b);
/*
 * Append n bytes.  Returns 0, or -1 with errno EFBIG when the result would
 * pass the cap; then nothing is appended.
 */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, int c);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Make room for n more bytes; returns a pointer to it, or NULL past the cap. */
char *buf_reserve(struct buf *b, size_t n);
/* The contents as a C string ("" when empty); owned by the buffer. */
const char *buf_str(const struct buf *b);
/* Hand the storage to the caller (free() it); the buffer becomes empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
