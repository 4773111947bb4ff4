#include "config.h"

#include <string.h>

#include "util/shquote.h"

/* Characters that never need quoting in a POSIX sh word. */
static int
shquote_is_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("_@%+=:,./-", c) != NULL;
}

/* Append s as one sh word. */
int
shquote_append(struct buf *b, const char *s, size_t n)
{
	size_t i;
	int safe = n > 0;

	for (i = 0; i < n && safe; i++)
		safe = s[i] != '\0' && shquote_is_safe((unsigned char)s[i]);
	/* A leading '=' or '%' is fine for sh, but '~' or '#' are not: covered. */
	if (safe)
		return buf_append(b, s, n);
	if (buf_putc(b, '\'') < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] == '\'') {
			if (buf_puts(b, "'\\''") < 0)
				return -1;
		} else if (buf_putc(b, s[i]) < 0)
			return -1;
	}
	return buf_putc(b, '\'');
}

/* Append a whole argv, space-separated. */
int
shquote_argv(struct buf *b, char *const argv[])
{
	for (size_t i = 0; argv[i] != NULL; i++) {
		if (i > 0 && buf_putc(b, ' ') < 0)
			return -1;
		if (shquote_append(b, argv[i], strlen(argv[i])) < 0)
			return -1;
	}
	return 0;
}
