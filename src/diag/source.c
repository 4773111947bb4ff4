#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "diag/source.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* Room for the line table of a text of len bytes, before it is counted. */
#define SOURCE_LINES_GUESS(len) ((len) / 32 + 16)

/*
 * The line table of src, built on first use: the start of every line; a
 * line ends at LF (CRLF counts as LF).  One pass with memchr, growing the
 * table as lines are found.  The table is a cache of what the text says,
 * so it is filled in through the const pointer (see source.h).
 */
static const uint32_t *
source_lines(const struct source *csrc)
{
	struct source *src = (struct source *)csrc;
	const char *t = src->text, *end = t + src->len, *p;
	size_t cap, n = 1;
	uint32_t *ls;

	if (src->line_index != NULL)
		return src->line_index;
	cap = SOURCE_LINES_GUESS(src->len);
	ls = xreallocarray(NULL, cap, sizeof(*ls));
	ls[0] = 0;
	for (p = t; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
		if (n == cap) {
			cap *= 2;
			ls = xreallocarray(ls, cap, sizeof(*ls));
		}
		ls[n++] = (uint32_t)(p + 1 - t);
	}
	src->line_index = ls;
	src->line_count = n;
	return ls;
}

/* A source owning text (len bytes and a NUL after them). */
static struct source *
source_adopt(const char *name, char *text, size_t len)
{
	struct source *src = xcalloc(1, sizeof(*src));

	src->name = xstrdup(name);
	src->text = text;
	src->text[len] = '\0';
	src->len = len;
	return src;
}

/* Make a source from a copy of the text. */
struct source *
source_new(const char *name, const char *text, size_t len)
{
	char *copy;

	if (len > SOURCE_MAX_LEN) {
		errno = EFBIG;
		return NULL;
	}
	copy = xmalloc(len + 1);
	if (len != 0)
		memcpy(copy, text, len);
	return source_adopt(name, copy, len);
}

/* First allocation for a stream of unknown size (a pipe, a terminal). */
#define SOURCE_READ_CHUNK ((size_t)64 * 1024)

/*
 * Map the regular file open on fd when map is set and that works, as
 * source_map_file says; NULL (nothing done) otherwise.  The text is the
 * page cache's own pages, so a 100 MB flow costs neither a copy nor 100
 * MB of memory the kernel must clear first (10 ms instead of 100 to 250
 * ms here).  The text must be followed by a NUL in the last page, which
 * a size that is a multiple of the page size leaves no room for.  The
 * mapping is private and writable so that the NUL is written here, which
 * gives the last page a copy of its own: bytes appended to the file
 * meanwhile cannot take the NUL's place.
 */
static struct source *
source_map_fd(int fd, const char *path, const struct stat *st)
{
	long page = sysconf(_SC_PAGESIZE);
	struct source *src;
	char *text;

	if (!S_ISREG(st->st_mode) || st->st_size <= 0 ||
	    (uintmax_t)st->st_size > SOURCE_MAX_LEN || page <= 0 ||
	    st->st_size % page == 0)
		return NULL;
	text = mmap(NULL, (size_t)st->st_size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE, fd, 0);
	if (text == MAP_FAILED)
		return NULL;
	text[st->st_size] = '\0';
	src = xcalloc(1, sizeof(*src));
	src->name = xstrdup(path);
	src->text = text;
	src->len = (size_t)st->st_size;
	src->mapped = (size_t)st->st_size;
	return src;
}

/*
 * Read a file or standard input completely, or map it (map).  A regular
 * file's size is known from fstat(2): the text is read into one
 * allocation of that size plus two bytes (the NUL, and room for the read
 * that sees the end of the file), so a 100 MB flow costs 100 MB.  Other
 * files, and a file that grew meanwhile, double the allocation as they
 * go.  The file is opened once: a FIFO's writer must find its reader.
 */
static struct source *
source_load(const char *path, bool map)
{
	bool is_stdin = strcmp(path, "-") == 0, have_st;
	size_t len = 0, cap = 0;
	char *text = NULL;
	struct source *src;
	struct stat st;
	int fd, saved;
	ssize_t n;

	if (is_stdin)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	have_st = fstat(fd, &st) == 0;
	if (have_st && map && !is_stdin &&
	    (src = source_map_fd(fd, path, &st)) != NULL) {
		close(fd);
		return src;
	}
	if (have_st && S_ISREG(st.st_mode) && st.st_size > 0) {
		if ((uintmax_t)st.st_size > SOURCE_MAX_LEN) {
			errno = EFBIG;
			goto fail;
		}
		cap = (size_t)st.st_size + 2;
		text = xmalloc(cap);
		mem_hint_huge(text, cap);
	}
	for (;;) {
		if (cap - len < 2) {
			cap = cap < SOURCE_READ_CHUNK ? SOURCE_READ_CHUNK :
			    cap * 2;
			if (cap > SOURCE_MAX_LEN + 2)
				cap = SOURCE_MAX_LEN + 2;
			if (cap - len < 2) {
				errno = EFBIG;
				goto fail;
			}
			text = xreallocarray(text, cap, 1);
		}
		n = read(fd, text + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (!is_stdin)
		close(fd);
	/* Give back what a stream's doubling left unused. */
	if (cap - len > SOURCE_READ_CHUNK)
		text = xreallocarray(text, len + 1, 1);
	else if (text == NULL)
		text = xmalloc(1);
	src = source_adopt(is_stdin ? "<stdin>" : path, text, len);
	return src;

fail:
	saved = errno;
	if (!is_stdin)
		close(fd);
	free(text);
	errno = saved;
	return NULL;
}

/* Read a file or standard input completely (see source_load). */
struct source *
source_read_file(const char *path)
{
	return source_load(path, false);
}

/*
 * Map a regular file instead of reading it (see source_map_fd); an empty
 * file, one whose size is a multiple of the page size, standard input
 * and whatever is not a regular file are read.
 */
struct source *
source_map_file(const char *path)
{
	return source_load(path, true);
}

/* What source_guard_mapped's handler writes (built beforehand). */
static char *source_guard_msg;
static size_t source_guard_len;
static int source_guard_status;

/* SIGBUS in a mapped source: say so and stop (async-signal-safe). */
static void
source_guard_bus(int sig)
{
	(void)sig;
	(void)!write(STDERR_FILENO, source_guard_msg, source_guard_len);
	_exit(source_guard_status);
}

/* Turn SIGBUS from src's mapping into a message and status. */
void
source_guard_mapped(const struct source *src, int status)
{
	struct buf b = BUF_INIT;
	struct sigaction sa;

	if (src->mapped == 0)
		return;
	buf_puts(&b, "runflow: '");
	utf8_escape_append(&b, src->name, strlen(src->name), 0);
	buf_puts(&b, "' was truncated while it was being read\n");
	free(source_guard_msg);
	source_guard_msg = b.data;
	source_guard_len = b.len;
	source_guard_status = status;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = source_guard_bus;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGBUS, &sa, NULL);
}

/* Free a source and its text. */
void
source_free(struct source *src)
{
	if (src == NULL)
		return;
	free(src->name);
	if (src->mapped != 0)
		(void)munmap(src->text, src->mapped);
	else
		free(src->text);
	free(src->line_index);
	free(src);
}

/* The number of lines. */
size_t
source_nlines(const struct source *src)
{
	(void)source_lines(src);
	return src->line_count;
}

/* Where a line starts. */
size_t
source_line_start(const struct source *src, size_t line)
{
	const uint32_t *ls = source_lines(src);

	if (line < 1 || line > src->line_count)
		fatal("source_line_start: no line %zu in '%s'", line,
		    src->name);
	return ls[line - 1];
}

/* Binary search for the line index holding byte. */
static size_t
source_line_index(const struct source *src, size_t byte)
{
	const uint32_t *ls = source_lines(src);
	size_t lo = 0, hi = src->line_count;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (ls[mid] <= byte)
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
	pos.column = 1 + source_count_graphemes(src->text +
	    src->line_index[li], byte - src->line_index[li]);
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
	b = src->line_index[li];
	e = li + 1 < src->line_count ? src->line_index[li + 1] - 1 : src->len;
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
