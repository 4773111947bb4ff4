/*
 * hcl2json: a body shown as JSON in the shape of tmccombs/hcl2json.
 *
 *   - attributes by name; blocks as type -> label -> ... -> [bodies]
 *     (one object level per label; repeated blocks append to the list);
 *   - literal values as JSON (numbers with their source text, made valid
 *     JSON when it is not: 007 -> 7);
 *   - strings and templates as strings: literal text decoded, every
 *     interpolation as "${<its source text>}", directives re-spelled as
 *     %{if c}...%{else}...%{endif} and %{for k, v in c}...%{endfor};
 *     a template that is exactly one interpolation shows the expression
 *     itself ("${1}" -> 1, "${x}" -> "${x}");
 *   - -1 and !true as values; tuples and objects element by element;
 *   - any other expression as the string "${<its source text>}";
 *   - object keys sorted (bytewise), four-space indentation.
 *
 * Output is streamed: nothing is built but the sorted key lists of one
 * body or object at a time.  Where tmccombs fails (a block whose type
 * equals an attribute's name, or blocks whose labels would need one key to
 * be both a list and an object), json_check_body reports a diagnostic.
 */
#ifndef RF_HCL_JSON_H
#define RF_HCL_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "hcl/ast.h"
#include "util/buf.h"

struct json_out;

/*
 * Hook for an attribute's value: write the value (e.g. an evaluated one)
 * with json_out_raw and return 0, or return 1 to get the syntax form that
 * json_write_expr writes, or -1 to stop with an error.
 */
typedef int (*json_attr_cb)(struct json_out *o, const struct ast_attr *attr,
    void *arg);

struct json_out {
	FILE *fp;			/* borrowed */
	const struct source *src;	/* borrowed: the parsed text */
	struct buf b;			/* pending output, flushed as it grows */
	struct buf text;		/* texts built before they are written */
	unsigned depth;			/* indentation level */
	int err;			/* errno of a failed write, else 0 */
	json_attr_cb attr_cb;		/* NULL: syntax form for everything */
	void *attr_arg;
};

/* Start writing to fp; src is the text the tree was parsed from. */
void json_out_init(struct json_out *o, FILE *fp, const struct source *src);
/* Flush and free the buffer; returns 0, or -1 with errno on a failed write. */
int json_out_finish(struct json_out *o);
/* Append raw JSON text (for hooks). */
void json_out_raw(struct json_out *o, const char *s, size_t n);
/* Newline and indentation for the current depth (for hooks). */
void json_out_newline(struct json_out *o);

/*
 * Report what cannot be shown as JSON (see above) to dl.  Returns false
 * when something was reported.
 */
bool json_check_body(const struct ast_body *b, const struct source *src,
    struct diag_list *dl);
/* Write a body (checked first) as a JSON object and a final newline. */
void json_write_body(struct json_out *o, const struct ast_body *b);
/* Write one expression's syntax form (the default for attributes). */
void json_write_expr(struct json_out *o, const struct ast_expr *e);

#endif
