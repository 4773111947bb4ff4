#include "config.h"

#include <stdint.h>

#include "util/jsonw.h"
#include "util/utf8.h"

/* Append s as a quoted, escaped JSON string. */
int
jsonw_string(struct buf *b, const char *s, size_t n)
{
	return jsonw_string_flags(b, s, n, 0);
}

/* Append s as a JSON string, escaping as flags ask. */
int
jsonw_string_flags(struct buf *b, const char *s, size_t n, unsigned flags)
{
	size_t i = 0, len;
	uint32_t cp;
	int rc = buf_putc(b, '"');

	while (rc == 0 && i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {
			if ((len = utf8_decode(s + i, n - i, &cp)) == 0) {
				cp = 0xfffd;
				len = 1;
			}
			if (!(flags & JSONW_ASCII))
				rc = cp == 0xfffd && len == 1 ?
				    buf_puts(b, "\xef\xbf\xbd") :
				    buf_append(b, s + i, len);
			else if (cp >= 0x10000)
				rc = buf_printf(b, "\\u%04x\\u%04x",
				    0xd800 + ((cp - 0x10000) >> 10),
				    0xdc00 + ((cp - 0x10000) & 0x3ff));
			else
				rc = buf_printf(b, "\\u%04x", cp);
			i += len;
			continue;
		}
		i++;
		switch (c) {
		case '"':
			rc = buf_puts(b, "\\\"");
			break;
		case '\\':
			rc = buf_puts(b, "\\\\");
			break;
		case '\n':
			rc = buf_puts(b, "\\n");
			break;
		case '\r':
			rc = buf_puts(b, "\\r");
			break;
		case '\t':
			rc = buf_puts(b, "\\t");
			break;
		case '\b':
			rc = buf_puts(b, "\\b");
			break;
		case '\f':
			rc = buf_puts(b, "\\f");
			break;
		default:
			/* Python's json.dumps (JSONW_ASCII) leaves DEL as it is. */
			if (c < 0x20 || (c == 0x7f && !(flags & JSONW_ASCII)))
				rc = buf_printf(b, "\\u%04x", c);
			else
				rc = buf_putc(b, c);
		}
	}
	return rc == 0 ? buf_putc(b, '"') : rc;
}
