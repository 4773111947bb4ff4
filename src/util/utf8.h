/* UTF-8 decoding and validation (RFC 3629: no surrogates, no overlongs). */
#ifndef RF_UTIL_UTF8_H
#define RF_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

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

#endif
