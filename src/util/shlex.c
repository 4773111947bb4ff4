#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "util/buf.h"
#include "util/shlex.h"
#include "util/xmalloc.h"

/*
 * The states of Python's shlex.read_token with whitespace_split on and
 * no commenters (Lib/shlex.py): between words, inside a word, inside
 * single or double quotes.  A backslash is handled where it is read.
 * Closing a quote enters SHLEX_WORD, so '' yields a word although it
 * added no byte (Python's "quoted" flag).
 */
enum shlex_state {
	SHLEX_SPACE,
	SHLEX_WORD,
	SHLEX_SQUOTE,
	SHLEX_DQUOTE,
};

/* Whether c separates words: shlex's posix whitespace. */
static bool
shlex_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Append the finished word in w to out and empty w. */
static void
shlex_emit(struct buf *w, struct strvec *out)
{
	strvec_pushn(out, w->len ? w->data : "", w->len);
	buf_reset(w);
}

/* Append one byte; the buffer has no cap, so this cannot fail. */
static void
shlex_put(struct buf *w, char c)
{
	if (buf_putc(w, c) != 0)
		fatal("shlex: cannot grow a word");
}

/* Split s into words as shlex.split does; see shlex.h. */
int
shlex_split(const char *s, size_t n, struct strvec *out, const char **err)
{
	enum shlex_state state = SHLEX_SPACE;
	struct buf w = BUF_INIT;
	int count = 0;
	size_t i;
	char c;

	*err = NULL;
	if (memchr(s, '\0', n) != NULL) {
		*err = "embedded null byte";
		return -1;
	}
	for (i = 0; i < n; i++) {
		c = s[i];
		switch (state) {
		case SHLEX_SPACE:
		case SHLEX_WORD:
			if (shlex_is_space(c)) {
				if (state == SHLEX_WORD) {
					shlex_emit(&w, out);
					count++;
				}
				state = SHLEX_SPACE;
			} else if (c == '\'' || c == '"') {
				state = c == '\'' ? SHLEX_SQUOTE : SHLEX_DQUOTE;
			} else if (c == '\\') {
				if (++i == n)
					goto no_escaped;
				shlex_put(&w, s[i]);
				state = SHLEX_WORD;
			} else {
				shlex_put(&w, c);
				state = SHLEX_WORD;
			}
			break;
		case SHLEX_SQUOTE:
			if (c == '\'')
				state = SHLEX_WORD;
			else
				shlex_put(&w, c);
			break;
		case SHLEX_DQUOTE:
			if (c == '"') {
				state = SHLEX_WORD;
			} else if (c == '\\') {
				/* Python checks for EOF after it first. */
				if (++i == n)
					goto no_escaped;
				if (s[i] != '"' && s[i] != '\\')
					shlex_put(&w, '\\');
				shlex_put(&w, s[i]);
			} else {
				shlex_put(&w, c);
			}
			break;
		}
	}
	if (state == SHLEX_SQUOTE || state == SHLEX_DQUOTE) {
		*err = "No closing quotation";
		buf_release(&w);
		return -1;
	}
	if (state == SHLEX_WORD) {
		shlex_emit(&w, out);
		count++;
	}
	buf_release(&w);
	return count;

no_escaped:
	*err = "No escaped character";
	buf_release(&w);
	return -1;
}
