#include "config.h"

#include <stdio.h>

#include "util/buf.h"
#include "util/utf8.h"

/* Decode one UTF-8 sequence, rejecting overlongs, surrogates and > U+10FFFF. */
size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t len, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
		c = u[0] & 0x1f;
		min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		c = u[0] & 0x0f;
		min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		c = u[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Encode one code point. */
size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Find the first byte that does not start a valid sequence. */
size_t
utf8_invalid_at(const char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if ((len = utf8_decode(s + i, n - i, &cp)) == 0)
			return i;
		i += len;
	}
	return n;
}

/* The escape that shows a control character, or 0 to print cp as it is. */
size_t
utf8_escape(uint32_t cp, unsigned flags, char esc[8])
{
	if ((cp == '\t' && (flags & UTF8_KEEP_TAB)) ||
	    (cp == '\n' && (flags & UTF8_KEEP_NEWLINE)))
		return 0;
	if (cp >= 0x20 && (cp < 0x7f || cp > 0x9f))
		return 0;
	switch (cp) {
	case '\n':
		return (size_t)snprintf(esc, 8, "\\n");
	case '\r':
		return (size_t)snprintf(esc, 8, "\\r");
	case '\t':
		return (size_t)snprintf(esc, 8, "\\t");
	default:
		return (size_t)snprintf(esc, 8, "\\u%04X", (unsigned)cp);
	}
}

/* Append text for a terminal, its control characters escaped. */
void
utf8_escape_append(struct buf *b, const char *s, size_t n, unsigned flags)
{
	size_t i = 0, len, elen;
	char esc[8];
	uint32_t cp;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			if (flags & UTF8_KEEP_INVALID)
				buf_putc(b, s[i]);
			else
				buf_printf(b, "\\x%02x", (unsigned char)s[i]);
			i++;
			continue;
		}
		if ((elen = utf8_escape(cp, flags, esc)) > 0)
			buf_append(b, esc, elen);
		else
			buf_append(b, s + i, len);
		i += len;
	}
}
