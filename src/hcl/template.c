#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "hcl/template.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* Whether decoding would change the text. */
bool
template_needs_decode(const char *s, size_t n, bool quoted)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\' && quoted)
			return true;
		if ((c == '$' || c == '%') && i + 2 < n && s[i + 1] == c &&
		    s[i + 2] == '{')
			return true;
	}
	return false;
}

/* The value of one hex digit, or -1. */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode \u or \U at s[i] (the backslash); returns bytes consumed. */
static size_t
decode_unicode(struct buf *out, const struct source *src, size_t base,
    const char *s, size_t i, size_t n, struct diag_list *dl)
{
	size_t want = s[i + 1] == 'u' ? 4 : 8, k;
	uint32_t cp = 0;
	char enc[4];
	size_t len;

	for (k = 0; k < want && i + 2 + k < n && hexval(s[i + 2 + k]) >= 0; k++)
		cp = cp * 16 + (uint32_t)hexval(s[i + 2 + k]);
	if (k < want) {
		diag_set_detail(diag_error(dl, src,
		    span_make(base + i, base + i + 2 + k),
		    "invalid escape sequence '%.*s'", (int)(2 + k), s + i),
		    "'\\%c' must be followed by %zu hexadecimal digits",
		    s[i + 1], want);
		buf_append(out, s + i, 2 + k);
		return 2 + k;
	}
	if ((len = utf8_encode(cp, enc)) == 0) {
		diag_set_detail(diag_error(dl, src,
		    span_make(base + i, base + i + 2 + want),
		    "invalid escape sequence '%.*s'", (int)(2 + want), s + i),
		    "U+%04X is not a Unicode character", (unsigned)cp);
		return 2 + want;
	}
	buf_append(out, enc, len);
	return 2 + want;
}

/* Decode escapes of a literal piece. */
void
template_decode(struct buf *out, const struct source *src, size_t start,
    size_t end, bool quoted, struct diag_list *dl)
{
	const char *s = src->text + start;
	size_t n = end - start, i = 0, run = 0;

	while (i < n) {
		char c = s[i];

		if ((c == '$' || c == '%') && i + 2 < n && s[i + 1] == c &&
		    s[i + 2] == '{') {
			buf_append(out, s + run, i - run);
			buf_putc(out, c);
			buf_putc(out, '{');
			i += 3;
			run = i;
			continue;
		}
		if (c != '\\' || !quoted) {
			i++;
			continue;
		}
		buf_append(out, s + run, i - run);
		if (i + 1 >= n) {
			diag_set_detail(diag_error(dl, src,
			    span_make(start + i, start + i + 1),
			    "invalid escape sequence '\\'"),
			    "a backslash must be followed by n, r, t, \", \\, "
			    "u or U; write '\\\\' for a backslash");
			buf_putc(out, '\\');
			i++;
		} else {
			char e = s[i + 1];
			size_t adv = 2;

			switch (e) {
			case 'n':
				buf_putc(out, '\n');
				break;
			case 'r':
				buf_putc(out, '\r');
				break;
			case 't':
				buf_putc(out, '\t');
				break;
			case '"':
				buf_putc(out, '"');
				break;
			case '\\':
				buf_putc(out, '\\');
				break;
			case 'u':
			case 'U':
				adv = decode_unicode(out, src, start, s, i, n, dl);
				break;
			default: {
				uint32_t cp;
				size_t l = utf8_decode(s + i + 1, n - i - 1, &cp);

				if (l == 0)
					l = 1;
				adv = 1 + l;
				diag_set_detail(diag_error(dl, src,
				    span_make(start + i, start + i + adv),
				    "invalid escape sequence '%.*s'", (int)adv,
				    s + i),
				    "the escapes are \\n \\r \\t \\\" \\\\ "
				    "\\uNNNN and \\UNNNNNNNN; write '\\\\' for a "
				    "backslash");
				buf_append(out, s + i, adv);
				break;
			}
			}
			i += adv;
		}
		run = i;
	}
	buf_append(out, s + run, n - run);
}

/* Whether every byte is below 0x80. */
bool
template_is_ascii(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, u + i, 8);
		if ((w & UINT64_C(0x8080808080808080)) != 0)
			return false;
	}
	for (; i < n; i++)
		if (u[i] >= 0x80)
			return false;
	return true;
}

/*
 * NFC through utf8proc.  Text that is not valid UTF-8 (already reported by
 * the lexer) is kept as it is.
 */
void
template_nfc(struct buf *out, const char *s, size_t n)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t len;

	buf_reset(out);
	len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	    &dst, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (len < 0) {
		buf_append(out, s, n);
		return;
	}
	buf_append(out, dst, (size_t)len);
	free(dst);
}

/* Go's unicode.IsSpace: ASCII space and controls, NEL, NBSP, Z*. */
bool
template_is_space(uint32_t cp)
{
	if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 ||
	    cp == 0xa0)
		return true;
	if (cp < 0x100)
		return false;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return true;
	default:
		return false;
	}
}

/* Leading white space in bytes. */
size_t
template_space_prefix(const char *s, size_t n)
{
	size_t i = 0, l;
	uint32_t cp;

	for (;;) {
		/* ASCII white space without decoding. */
		while (i < n && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
			i++;
		if (i == n || (unsigned char)s[i] < 0x80)
			return i;
		if ((l = utf8_decode(s + i, n - i, &cp)) == 0 ||
		    !template_is_space(cp))
			return i;
		i += l;
	}
}

/* Length without trailing white space. */
size_t
template_trim_right(const char *s, size_t n)
{
	while (n > 0) {
		size_t b = n - 1, l;
		uint32_t cp;

		while (b > 0 && ((unsigned char)s[b] & 0xc0) == 0x80 && n - b < 4)
			b--;
		if ((l = utf8_decode(s + b, n - b, &cp)) == 0 || b + l != n ||
		    !template_is_space(cp))
			break;
		n = b;
	}
	return n;
}

/* Walk grapheme clusters; returns bytes used by up to max clusters. */
static size_t
grapheme_walk(const char *s, size_t n, size_t max, size_t *count)
{
	utf8proc_int32_t state = 0, prev = -1;
	size_t i = 0, c = 0, l;
	uint32_t cp;

	while (i < n) {
		if ((l = utf8_decode(s + i, n - i, &cp)) == 0) {
			l = 1;
			cp = 0xfffd;
		}
		if (prev < 0 || utf8proc_grapheme_break_stateful(prev,
		    (utf8proc_int32_t)cp, &state)) {
			if (c == max)
				break;
			c++;
		}
		prev = (utf8proc_int32_t)cp;
		i += l;
	}
	*count = c;
	return i;
}

/*
 * Count grapheme clusters.  ASCII without CR is one cluster per byte (a
 * following non-ASCII mark could join only the last byte, and the caller
 * counts white space, which marks never follow within it).
 */
size_t
template_graphemes(const char *s, size_t n)
{
	size_t c, i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == '\r')
			break;
	if (i == n)
		return n;
	grapheme_walk(s, n, SIZE_MAX, &c);
	return c;
}

/* Bytes of the first count grapheme clusters. */
size_t
template_skip_graphemes(const char *s, size_t n, size_t count)
{
	size_t c, i;

	/* ASCII up to and just past the cut: one byte per cluster. */
	for (i = 0; i < n && i <= count; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == '\r')
			break;
	if (i > count || i == n)
		return count < n ? count : n;
	return grapheme_walk(s, n, count, &c);
}
