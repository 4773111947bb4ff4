/*
 * A source text (a flow file, a --var-file, standard input) with its line
 * table, so byte offsets can be turned into lines and columns.  The table
 * is built by the first call that needs it (source_pos, source_line,
 * source_nlines, source_line_start), so a source whose positions are never
 * asked for costs only its text.  Those calls change the source's private
 * table through a const pointer: do not share one source between threads.
 */
#ifndef RF_DIAG_SOURCE_H
#define RF_DIAG_SOURCE_H

#include <stddef.h>
#include <stdint.h>

/* A byte span [start, end) in one source; offsets fit in 32 bits. */
struct span {
	uint32_t start;
	uint32_t end;
};

/* A position: line and column from 1, byte offset from 0. */
struct src_pos {
	unsigned line;
	unsigned column;
	size_t byte;
};

struct source {
	char *name;		/* owned; shown in diagnostics */
	char *text;		/* owned; NUL-terminated, may hold NUL bytes */
	size_t len;
	/* Private (see above): NULL until built, then owned. */
	uint32_t *line_index;	/* the byte offset of each line's start */
	size_t line_count;
	size_t mapped;		/* text is a mapping of this length, or 0 */
};

/* Largest text a source can hold, so spans fit in uint32_t. */
#define SOURCE_MAX_LEN ((size_t)UINT32_MAX - 1)

/*
 * Make a source from a copy of len bytes of text.  Returns NULL with errno
 * EFBIG when the text is longer than SOURCE_MAX_LEN.
 */
struct source *source_new(const char *name, const char *text, size_t len);
/*
 * Read a whole file ("-" is standard input) into a new source.  Returns
 * NULL with errno set when it cannot be read (EFBIG past SOURCE_MAX_LEN).
 * A regular file is read into one allocation of its size; the text is
 * never copied.
 */
struct source *source_read_file(const char *path);
/*
 * The same for a command that reads one file and exits (hcl2json): a
 * regular file is mapped into memory rather than read, which costs no
 * copy and no fresh memory.  Until source_free the file must not shrink:
 * the pages past its new end would raise SIGBUS, which
 * source_guard_mapped turns into an error message.
 */
struct source *source_map_file(const char *path);
/*
 * Make SIGBUS (the mapped file of src shrank while in use) print that
 * and end the process with status (a process-wide handler, for one-shot
 * commands).  Nothing is done for a source that is not mapped.
 */
void source_guard_mapped(const struct source *src, int status);
void source_free(struct source *src);
/*
 * The position of a byte offset.  Columns count grapheme clusters (a tab
 * is one column), as HCL does; bytes that are not UTF-8 count one each.
 */
struct src_pos source_pos(const struct source *src, size_t byte);
/* The number of lines: one more than the number of LF bytes. */
size_t source_nlines(const struct source *src);
/* The byte offset where line (from 1 to source_nlines) starts. */
size_t source_line_start(const struct source *src, size_t line);
/* The line holding byte (from 1) and its bytes without the newline. */
unsigned source_line(const struct source *src, size_t byte,
    const char **start, size_t *len);
/* Build a span, clamping to the text. */
struct span span_make(size_t start, size_t end);

#endif
