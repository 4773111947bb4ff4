/*
 * libFuzzer target for the parser and hcl2json: any bytes parsed as a
 * file, an expression and a bare template must give a tree whose spans lie
 * inside the text, diagnostics inside the text, and, when there was no
 * error, hcl2json output that is valid JSON (checked with jansson).
 */
#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "hcl/json.h"
#include "hcl/parse.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t text_len;

/* Abort unless the span lies inside the text. */
static void
check_span(struct span sp)
{
	if (sp.start > sp.end || sp.end > text_len)
		abort();
}

/* Count references (and check their spans). */
static void
on_trav(const struct ast_expr *e, void *arg)
{
	check_span(e->span);
	if (e->kind != AST_TRAVERSAL || e->u.trav.root == NULL)
		abort();
	for (uint32_t i = 0; i < e->nsteps; i++)
		check_span(e->u.trav.steps[i].span);
	(*(size_t *)arg)++;
}

/* Check every block's spans. */
static void
check_body(const struct ast_body *b)
{
	for (uint32_t i = 0; i < b->nattrs; i++) {
		check_span(ast_attr_span(&b->attrs[i]));
		check_span(b->attrs[i].expr->span);
	}
	for (uint32_t i = 0; i < b->nblocks; i++) {
		check_span(b->blocks[i].span);
		for (uint32_t j = 0; j < b->blocks[i].nlabels; j++)
			check_span(b->blocks[i].labels[j].span);
		check_body(&b->blocks[i].body);
	}
}

/* Check the diagnostics' places. */
static void
check_diags(const struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++)
		check_span(dl->v[i].subject);
}

/* Whether jansson refused valid JSON for one of its own limits. */
static int
jansson_limit(const char *why)
{
	return strstr(why, "NUL byte in object key") != NULL ||
	    strstr(why, "real number overflow") != NULL ||
	    strstr(why, "too big integer") != NULL ||
	    strstr(why, "too big negative integer") != NULL;
}

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source *src = source_new("fuzz", (const char *)data, size);
	struct diag_list dl = DIAG_LIST_INIT;
	struct arena a = ARENA_INIT;
	struct ast_body *body;
	struct ast_expr *e;
	size_t refs = 0;

	if (src == NULL)
		return 0;
	text_len = src->len;
	body = parse_file(&a, src, &dl);
	check_diags(&dl);
	check_body(body);
	ast_body_walk_traversals(body, on_trav, &refs);
	if (!diag_has_errors(&dl) && json_check_body(body, src, &dl)) {
		char *out = NULL;
		size_t outlen = 0;
		FILE *fp = open_memstream(&out, &outlen);
		struct json_out o;
		json_error_t err;
		json_t *j;

		if (fp == NULL)
			abort();
		json_out_init(&o, fp, src);
		json_write_body(&o, body);
		if (json_out_finish(&o) != 0)
			abort();
		fclose(fp);
		j = json_loadb(out, outlen, JSON_ALLOW_NUL, &err);
		/* The JSON is valid; jansson cannot hold "\u0000" in a key,
		 * nor numbers beyond a double or int64 (hcl2json writes a
		 * literal as it was written, e.g. 1e722). */
		if (j == NULL && !jansson_limit(err.text))
			abort();
		json_decref(j);
		free(out);
	}
	diag_list_release(&dl);
	diag_list_init(&dl);

	e = parse_expr(&a, src, &dl);
	check_diags(&dl);
	check_span(e->span);
	ast_walk_traversals(e, on_trav, &refs);
	diag_list_release(&dl);
	diag_list_init(&dl);

	e = parse_template(&a, src, &dl);
	check_diags(&dl);
	check_span(e->span);
	ast_walk_traversals(e, on_trav, &refs);
	diag_list_release(&dl);

	arena_release(&a);
	source_free(src);
	return 0;
}
