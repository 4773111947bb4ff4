#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "diag/diag.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* Start an empty list. */
void
diag_list_init(struct diag_list *dl)
{
	memset(dl, 0, sizeof(*dl));
}

/* Free every record. */
void
diag_list_release(struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		free(dl->v[i].summary);
		free(dl->v[i].detail);
	}
	free(dl->v);
	diag_list_init(dl);
}

/*
 * A message longer than this many bytes keeps its start and its end, each
 * DIAG_KEEP bytes, and says how much of the middle it leaves out: a value
 * quoted in a message can be megabytes long.
 */
#define DIAG_MAX	1024
#define DIAG_KEEP	400

/* Shorten a formatted message (owned) as DIAG_MAX says; returns it. */
static char *
diag_clip(char *msg)
{
	size_t len = strlen(msg), head = DIAG_KEEP, tail = len - DIAG_KEEP;
	char *out;

	if (len <= DIAG_MAX)
		return msg;
	/* Cut between UTF-8 sequences: back over continuation bytes. */
	while (head > 0 && ((unsigned char)msg[head] & 0xc0) == 0x80)
		head--;
	while (tail > head && ((unsigned char)msg[tail] & 0xc0) == 0x80)
		tail--;
	out = xasprintf("%.*s\u2026 (%zu bytes not shown) \u2026%s", (int)head,
	    msg, tail - head, msg + tail);
	free(msg);
	return out;
}

/* Append a record with a formatted summary. */
struct diag *
diag_add(struct diag_list *dl, enum diag_severity sev,
    const struct source *src, struct span subject, const char *fmt, ...)
{
	struct diag *d;
	va_list ap;

	if (dl->n == dl->alloc) {
		dl->alloc = dl->alloc ? dl->alloc * 2 : 8;
		dl->v = xreallocarray(dl->v, dl->alloc, sizeof(*dl->v));
	}
	d = &dl->v[dl->n++];
	d->severity = sev;
	d->src = src;
	d->subject = subject;
	va_start(ap, fmt);
	d->summary = diag_clip(xvasprintf(fmt, ap));
	va_end(ap);
	d->detail = NULL;
	if (sev == DIAG_ERROR)
		dl->nerrors++;
	return d;
}

/* Replace the detail of a record. */
void
diag_set_detail(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	free(d->detail);
	va_start(ap, fmt);
	d->detail = diag_clip(xvasprintf(fmt, ap));
	va_end(ap);
}

/* Compare two records by source name, then start, then end. */
static int
diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c;

	if (a->src == NULL || b->src == NULL)
		return (a->src != NULL) - (b->src != NULL);
	if (a->src != b->src && (c = strcmp(a->src->name, b->src->name)) != 0)
		return c;
	if (a->subject.start != b->subject.start)
		return a->subject.start < b->subject.start ? -1 : 1;
	if (a->subject.end != b->subject.end)
		return a->subject.end < b->subject.end ? -1 : 1;
	return 0;
}

/* Sort by position; insertion sort keeps equal records in their order. */
void
diag_sort(struct diag_list *dl)
{
	for (size_t i = 1; i < dl->n; i++) {
		struct diag d = dl->v[i];
		size_t j = i;

		while (j > 0 && diag_cmp(&dl->v[j - 1], &d) > 0) {
			dl->v[j] = dl->v[j - 1];
			j--;
		}
		dl->v[j] = d;
	}
}

/* Whether any error was recorded. */
bool
diag_has_errors(const struct diag_list *dl)
{
	return dl->nerrors > 0;
}

/* Map a format name. */
int
diag_format_parse(const char *name)
{
	if (strcmp(name, "text") == 0)
		return DIAG_FORMAT_TEXT;
	if (strcmp(name, "json") == 0)
		return DIAG_FORMAT_JSON;
	return -1;
}

static const char *
diag_severity_name(enum diag_severity sev)
{
	return sev == DIAG_ERROR ? "error" : "warning";
}

/*
 * Append the padding that puts a caret under the grapheme starting at the
 * end of the n bytes at s, as the excerpt printed them: tabs stay tabs
 * so the caret lines up with the source line printed above it; wide
 * characters take two cells and escaped control characters their escape.
 */
static void
diag_pad(struct buf *b, const char *s, size_t n, int fill)
{
	char esc[8];
	uint32_t cp;
	size_t i = 0, len, elen;
	int width;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			buf_putc(b, fill);
			i++;
			continue;
		}
		i += len;
		if (cp == '\t') {
			buf_putc(b, fill == ' ' ? '\t' : fill);
			continue;
		}
		if ((elen = utf8_escape(cp, UTF8_KEEP_TAB, esc)) > 0)
			width = (int)elen;
		else
			width = utf8proc_charwidth((utf8proc_int32_t)cp);
		while (width-- > 0)
			buf_putc(b, fill);
	}
}

/* Render one record as text. */
static void
diag_render_one_text(struct buf *b, const struct diag *d, bool color)
{
	const char *bold = color ? "\033[1m" : "";
	const char *sevc = color ? (d->severity == DIAG_ERROR ? "\033[1;31m" :
	    "\033[1;35m") : "";
	const char *green = color ? "\033[1;32m" : "";
	const char *reset = color ? "\033[0m" : "";
	const char *line;
	size_t len, col_bytes, under;
	struct src_pos pos;
	unsigned lineno;

	if (d->src == NULL) {
		buf_printf(b, "%srunflow: %s%s:%s %s", bold, sevc,
		    diag_severity_name(d->severity), reset, bold);
		utf8_escape_append(b, d->summary, strlen(d->summary), 0);
		buf_printf(b, "%s\n", reset);
	} else {
		pos = source_pos(d->src, d->subject.start);
		buf_puts(b, bold);
		utf8_escape_append(b, d->src->name, strlen(d->src->name), 0);
		buf_printf(b, ":%u:%u: %s%s:%s %s", pos.line, pos.column, sevc,
		    diag_severity_name(d->severity), reset, bold);
		utf8_escape_append(b, d->summary, strlen(d->summary), 0);
		buf_printf(b, "%s\n", reset);
		lineno = source_line(d->src, d->subject.start, &line, &len);
		col_bytes = d->subject.start - (size_t)(line - d->src->text);
		/* Underline the subject up to the end of its first line. */
		under = d->subject.end > d->subject.start ?
		    d->subject.end - d->subject.start : 1;
		if (col_bytes + under > len)
			under = len > col_bytes ? len - col_bytes : 1;
		buf_printf(b, "%5u | ", lineno);
		utf8_escape_append(b, line, len,
		    UTF8_KEEP_TAB | UTF8_KEEP_INVALID);
		buf_puts(b, "\n      | ");
		diag_pad(b, line, col_bytes, ' ');
		buf_printf(b, "%s^", green);
		if (under > 1 && col_bytes + 1 < len)
			diag_pad(b, line + col_bytes + 1,
			    under - 1 < len - col_bytes - 1 ? under - 1 :
			    len - col_bytes - 1, '~');
		buf_printf(b, "%s\n", reset);
	}
	if (d->detail != NULL) {
		utf8_escape_append(b, d->detail, strlen(d->detail), 0);
		buf_putc(b, '\n');
	}
}

/* Append a position object. */
static void
diag_json_pos(struct buf *b, const char *key, struct src_pos pos)
{
	buf_printf(b, "\"%s\":{\"line\":%u,\"column\":%u,\"byte\":%zu}", key,
	    pos.line, pos.column, pos.byte);
}

/* Render one record as a JSON object. */
static void
diag_render_one_json(struct buf *b, const struct diag *d)
{
	buf_printf(b, "{\"severity\":\"%s\",\"summary\":",
	    diag_severity_name(d->severity));
	jsonw_string(b, d->summary, strlen(d->summary));
	buf_puts(b, ",\"detail\":");
	if (d->detail != NULL)
		jsonw_string(b, d->detail, strlen(d->detail));
	else
		buf_puts(b, "null");
	buf_puts(b, ",\"range\":");
	if (d->src == NULL) {
		buf_puts(b, "null}");
		return;
	}
	buf_puts(b, "{\"filename\":");
	jsonw_string(b, d->src->name, strlen(d->src->name));
	buf_putc(b, ',');
	diag_json_pos(b, "start", source_pos(d->src, d->subject.start));
	buf_putc(b, ',');
	diag_json_pos(b, "end", source_pos(d->src, d->subject.end));
	buf_puts(b, "}}");
}

/* Render all records. */
void
diag_render(FILE *out, const struct diag_list *dl, enum diag_format fmt,
    bool color)
{
	struct buf b = BUF_INIT;

	if (fmt == DIAG_FORMAT_JSON)
		buf_putc(&b, '[');
	for (size_t i = 0; i < dl->n; i++) {
		if (fmt == DIAG_FORMAT_JSON) {
			if (i > 0)
				buf_putc(&b, ',');
			diag_render_one_json(&b, &dl->v[i]);
		} else
			diag_render_one_text(&b, &dl->v[i], color);
	}
	if (fmt == DIAG_FORMAT_JSON)
		buf_puts(&b, "]\n");
	fwrite(buf_str(&b), 1, b.len, out);
	fflush(out);
	buf_release(&b);
}

/* Levenshtein distance between two short strings. */
static size_t
diag_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t *row, prev, tmp, d;

	row = xreallocarray(NULL, lb + 1, sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			d = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < d)
				d = row[j] + 1;
			if (row[j - 1] + 1 < d)
				d = row[j - 1] + 1;
			row[j] = d;
			prev = tmp;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

/* Nearest candidate within a third of the name's length, rounded up. */
const char *
diag_suggest(const char *name, const char *const *candidates, size_t n)
{
	size_t best = SIZE_MAX, limit = (strlen(name) + 2) / 3, d;
	const char *pick = NULL;

	if (limit < 1)
		limit = 1;
	for (size_t i = 0; i < n; i++) {
		d = diag_distance(name, candidates[i]);
		if (d < best) {
			best = d;
			pick = candidates[i];
		}
	}
	return best <= limit ? pick : NULL;
}
