#include "config.h"

#include <stdint.h>

#include "util/jsonw.h"
#include "util/utf8.h"

/* Append s as a quoted, escaped JSON string. */
int
jsonw_string(struct buf *b, const char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;
	int rc = buf_putc(b, '"');

	while (rc == 0 && i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {
			if ((len = utf8_decode(s + i, n - i, &cp)) == 0) {
				rc = buf_puts(b, "\xef\xbf\xbd");
				i++;
			} else {
				rc = buf_append(b, s + i, len);
				i += len;
			}
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
			if (c < 0x20 || c == 0x7f)
				rc = buf_printf(b, "\\u%04x", c);
			else
				rc = buf_putc(b, c);
		}
	}
	return rc == 0 ? buf_putc(b, '"') : rc;
}
