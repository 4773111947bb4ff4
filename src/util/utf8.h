/* UTF-8 decoding and validation (RFC 3629: no surrogates, no overlongs). */
#ifndef RF_UTIL_UTF8_H
#define RF_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * Decode one code point from the n bytes at s into *cp.  Returns its length
 * in bytes (1-4), or 0 when the bytes are not valid UTF-8 (then *cp is
 * unchanged).  n must be at least 1.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp (at most U+10FFFF, no surrogate) into out; returns 1-4, or 0. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Return the offset of the first invalid byte, or n when all is valid. */
size_t utf8_invalid_at(const char *s, size_t n);

/* What utf8_escape() and utf8_escape_append() leave as it is. */
#define UTF8_KEEP_TAB		0x1u	/* tabs */
#define UTF8_KEEP_NEWLINE	0x2u	/* line feeds */
#define UTF8_KEEP_INVALID	0x4u	/* bytes that are not UTF-8 */

/*
 * Control characters (C0, DEL and C1) would move the cursor or drive the
 * terminal when printed: text from a flow, a --var or a program could
 * rewrite what the user sees.  Write the escape of cp to esc (at least 7
 * bytes: \n, \r, \t or \uXXXX) and return its length, or return 0 when
 * cp is printed as it is (printable, or a tab or line feed flags keep).
 */
size_t utf8_escape(uint32_t cp, unsigned flags, char esc[8]);
/*
 * Append the n bytes at s to b as text safe for a terminal: control
 * characters escaped as utf8_escape() does, bytes that are not UTF-8
 * written \xHH unless flags keep them.
 */
void utf8_escape_append(struct buf *b, const char *s, size_t n,
    unsigned flags);

#endif
