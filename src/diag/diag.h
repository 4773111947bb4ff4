/*
 * Diagnostics: problems in the user's input, collected (never fatal) and
 * rendered at the end as text or JSON.
 *
 *   flow.hcl:3:9: error: unknown function 'uper'
 *       3 |   x = uper("a")
 *         |       ^~~~
 *   did you mean 'upper'?
 */
#ifndef RF_DIAG_DIAG_H
#define RF_DIAG_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag/source.h"

enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
};

struct diag {
	enum diag_severity severity;
	const struct source *src;	/* borrowed; NULL: no location */
	struct span subject;		/* exactly the offending construct */
	char *summary;			/* owned */
	char *detail;			/* owned; NULL when there is none */
};

struct diag_list {
	struct diag *v;
	size_t n;
	size_t alloc;
	size_t nerrors;
};

#define DIAG_LIST_INIT { NULL, 0, 0, 0 }

enum diag_format {
	DIAG_FORMAT_TEXT,
	DIAG_FORMAT_JSON,
};

void diag_list_init(struct diag_list *dl);
/* Free the records; the sources they point to are not touched. */
void diag_list_release(struct diag_list *dl);
/*
 * Add a record.  src may be NULL for problems that have no place in a file
 * (a bad command-line argument).  Returns the record, valid until the next
 * add, so the caller can attach a detail.
 */
struct diag *diag_add(struct diag_list *dl, enum diag_severity sev,
    const struct source *src, struct span subject, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define diag_error(dl, src, sp, ...) \
	diag_add((dl), DIAG_ERROR, (src), (sp), __VA_ARGS__)
#define diag_warning(dl, src, sp, ...) \
	diag_add((dl), DIAG_WARNING, (src), (sp), __VA_ARGS__)
/* Set (replace) the detail line of a record. */
void diag_set_detail(struct diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Order the records by file and position (records without a place first,
 * then by the order they were added), so a report reads top to bottom.
 */
void diag_sort(struct diag_list *dl);
/* True when an error (not only warnings) was recorded. */
bool diag_has_errors(const struct diag_list *dl);
/* Render every record to out in the given format. */
void diag_render(FILE *out, const struct diag_list *dl, enum diag_format fmt,
    bool color);
/* Parse "text" or "json"; -1 when unknown. */
int diag_format_parse(const char *name);
/*
 * The candidate nearest to name by edit distance, or NULL when none is
 * close enough to suggest ("did you mean ...?").
 */
const char *diag_suggest(const char *name, const char *const *candidates,
    size_t n);

#endif
