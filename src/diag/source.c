#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "diag/source.h"
#include "util/buf.h"
#include "util/xmalloc.h"

/* Index the start of every line; a line ends at LF (CRLF counts as LF). */
static void
source_index_lines(struct source *src)
{
	size_t n = 1, i;

	for (i = 0; i < src->len; i++)
		if (src->text[i] == '\n')
			n++;
	src->line_start = xreallocarray(NULL, n, sizeof(size_t));
	src->nlines = 0;
	src->line_start[src->nlines++] = 0;
	for (i = 0; i < src->len; i++)
		if (src->text[i] == '\n')
			src->line_start[src->nlines++] = i + 1;
}

/* Make a source from a copy of the text. */
struct source *
source_new(const char *name, const char *text, size_t len)
{
	struct source *src;

	if (len > SOURCE_MAX_LEN) {
		errno = EFBIG;
		return NULL;
	}
	src = xcalloc(1, sizeof(*src));
	src->name = xstrdup(name);
	src->text = xmalloc(len + 1);
	if (len != 0)
		memcpy(src->text, text, len);
	src->text[len] = '\0';
	src->len = len;
	source_index_lines(src);
	return src;
}

/* Read a file or standard input completely. */
struct source *
source_read_file(const char *path)
{
	struct buf b;
	struct source *src;
	int fd, saved;
	ssize_t n;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	buf_init(&b, SOURCE_MAX_LEN);
	for (;;) {
		char *dst = buf_reserve(&b, 65536);

		if (dst == NULL) {
			n = -1;
			break;
		}
		n = read(fd, dst, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		b.len += (size_t)n;
	}
	saved = errno;
	if (fd != STDIN_FILENO)
		close(fd);
	if (n < 0) {
		buf_release(&b);
		errno = saved;
		return NULL;
	}
	src = source_new(strcmp(path, "-") == 0 ? "<stdin>" : path,
	    buf_str(&b), b.len);
	buf_release(&b);
	return src;
}

/* Free a source and its text. */
void
source_free(struct source *src)
{
	if (src == NULL)
		return;
	free(src->name);
	free(src->text);
	free(src->line_start);
	free(src);
}

/* Binary search for the line index holding byte. */
static size_t
source_line_index(const struct source *src, size_t byte)
{
	size_t lo = 0, hi = src->nlines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (src->line_start[mid] <= byte)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Count grapheme clusters in n bytes; invalid bytes count one each. */
static unsigned
source_count_graphemes(const char *s, size_t n)
{
	utf8proc_int32_t state = 0, prev = -1, cp;
	unsigned count = 0;
	size_t i = 0;

	while (i < n) {
		utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(n - i), &cp);

		if (len <= 0) {
			count++;
			prev = -1;
			i++;
			continue;
		}
		if (prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state))
			count++;
		prev = cp;
		i += (size_t)len;
	}
	return count;
}

/* Line, grapheme column and byte of an offset. */
struct src_pos
source_pos(const struct source *src, size_t byte)
{
	struct src_pos pos;
	size_t li;

	if (byte > src->len)
		byte = src->len;
	li = source_line_index(src, byte);
	pos.line = (unsigned)li + 1;
	pos.column = 1 + source_count_graphemes(src->text + src->line_start[li],
	    byte - src->line_start[li]);
	pos.byte = byte;
	return pos;
}

/* The text of the line holding byte, without its line ending. */
unsigned
source_line(const struct source *src, size_t byte, const char **start,
    size_t *len)
{
	size_t li, b, e;

	if (byte > src->len)
		byte = src->len;
	li = source_line_index(src, byte);
	b = src->line_start[li];
	e = li + 1 < src->nlines ? src->line_start[li + 1] - 1 : src->len;
	if (e > b && src->text[e - 1] == '\r')
		e--;
	*start = src->text + b;
	*len = e - b;
	return (unsigned)li + 1;
}

/* A span from two offsets, ordered. */
struct span
span_make(size_t start, size_t end)
{
	struct span sp;

	if (end < start)
		end = start;
	sp.start = (uint32_t)(start > SOURCE_MAX_LEN ? SOURCE_MAX_LEN : start);
	sp.end = (uint32_t)(end > SOURCE_MAX_LEN ? SOURCE_MAX_LEN : end);
	return sp;
}
