#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xmalloc.h"

/* Start an empty buffer holding at most max bytes (0: unlimited). */
void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

/* Free the storage; the buffer is empty afterwards. */
void
buf_release(struct buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

/* Drop the contents but keep the storage. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Grow the storage so n more bytes and a NUL fit. */
char *
buf_reserve(struct buf *b, size_t n)
{
	size_t want;

	if (n > SIZE_MAX - b->len - 1 || (b->max != 0 && b->len + n > b->max)) {
		errno = EFBIG;
		return NULL;
	}
	want = b->len + n + 1;
	if (want > b->alloc) {
		size_t alloc = b->alloc ? b->alloc : 64;

		while (alloc < want)
			alloc = alloc > SIZE_MAX / 2 ? want : alloc * 2;
		b->data = xreallocarray(b->data, alloc, 1);
		b->alloc = alloc;
	}
	return b->data + b->len;
}

/* Append n bytes, or fail with EFBIG past the cap. */
int
buf_append(struct buf *b, const void *p, size_t n)
{
	char *dst = buf_reserve(b, n);

	if (dst == NULL)
		return -1;
	if (n != 0)
		memcpy(dst, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/* Append a C string. */
int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

/* Append one byte. */
int
buf_putc(struct buf *b, int c)
{
	char ch = (char)c;

	return buf_append(b, &ch, 1);
}

/* Append formatted text. */
int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	char *dst;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return -1;
	if ((dst = buf_reserve(b, (size_t)n)) == NULL)
		return -1;
	vsnprintf(dst, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

/* Append formatted text. */
int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

/* The contents as a C string. */
const char *
buf_str(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

/* Give the storage away; the caller frees it. */
char *
buf_detach(struct buf *b, size_t *len)
{
	char *p = b->data != NULL ? b->data : xstrdup("");

	if (len != NULL)
		*len = b->len;
	buf_init(b, b->max);
	return p;
}
