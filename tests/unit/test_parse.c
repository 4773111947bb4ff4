#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diag/diag.h"
#include "hcl/ast.h"
#include "hcl/parse.h"

/* A parse with its source, arena and diagnostics. */
struct fx {
	struct source *src;
	struct arena a;
	struct diag_list dl;
};

static struct ast_body *
fx_file(struct fx *f, const char *text)
{
	f->src = source_new("t.hcl", text, strlen(text));
	arena_init(&f->a);
	diag_list_init(&f->dl);
	return parse_file(&f->a, f->src, &f->dl);
}

static struct ast_expr *
fx_expr(struct fx *f, const char *text)
{
	f->src = source_new("t.hcl", text, strlen(text));
	arena_init(&f->a);
	diag_list_init(&f->dl);
	return parse_expr(&f->a, f->src, &f->dl);
}

static void
fx_done(struct fx *f)
{
	diag_list_release(&f->dl);
	arena_release(&f->a);
	source_free(f->src);
}

/* The source text of a span, in a static buffer. */
static const char *
text_of(const struct fx *f, struct span sp)
{
	static char out[256];

	snprintf(out, sizeof(out), "%.*s", (int)(sp.end - sp.start),
	    f->src->text + sp.start);
	return out;
}

static void
test_body_shape(void **state)
{
	struct fx f;
	struct ast_body *b = fx_file(&f, "x = 1\nb \"l1\" l2 {\n  y = \"s\"\n"
	    "  inner {}\n}\nz = true\none { k = 2 }\n");
	const struct ast_block *blk;

	(void)state;
	assert_int_equal(f.dl.n, 0);
	assert_int_equal(b->nattrs, 2);
	assert_string_equal(b->attrs[0].name, "x");
	assert_string_equal(b->attrs[1].name, "z");
	assert_string_equal(text_of(&f, ast_attr_span(&b->attrs[1])), "z = true");
	assert_int_equal(b->nblocks, 2);
	blk = &b->blocks[0];
	assert_string_equal(blk->type, "b");
	assert_int_equal(blk->nlabels, 2);
	assert_string_equal(blk->labels[0].s, "l1");
	assert_string_equal(text_of(&f, blk->labels[0].span), "\"l1\"");
	assert_string_equal(blk->labels[1].s, "l2");
	assert_string_equal(text_of(&f, blk->open_brace), "{");
	assert_int_equal(blk->close_brace.start, 39);
	assert_int_equal(blk->body.nattrs, 1);
	assert_int_equal(blk->body.nblocks, 1);
	assert_string_equal(blk->body.blocks[0].type, "inner");
	assert_int_equal(blk->body.attrs[0].expr->kind, AST_LITERAL);
	assert_int_equal(blk->body.attrs[0].expr->u.lit.kind, AST_LIT_STRING);
	assert_int_equal(blk->body.attrs[0].expr->flags, AST_F_QUOTED);
	blk = &b->blocks[1];
	assert_int_equal(blk->body.nattrs, 1);
	assert_string_equal(blk->body.attrs[0].name, "k");
	fx_done(&f);
}

static void
test_precedence(void **state)
{
	struct fx f;
	struct ast_expr *e = fx_expr(&f, "a || b && c == d < e + f * -g");
	struct ast_expr *x;

	(void)state;
	assert_int_equal(f.dl.n, 0);
	assert_int_equal(e->kind, AST_BINARY);
	assert_int_equal(e->op, AST_OP_OR);
	x = e->u.binary.rhs;
	assert_int_equal(x->op, AST_OP_AND);
	x = x->u.binary.rhs;
	assert_int_equal(x->op, AST_OP_EQ);
	x = x->u.binary.rhs;
	assert_int_equal(x->op, AST_OP_LT);
	x = x->u.binary.rhs;
	assert_int_equal(x->op, AST_OP_ADD);
	x = x->u.binary.rhs;
	assert_int_equal(x->op, AST_OP_MUL);
	x = x->u.binary.rhs;
	assert_int_equal(x->kind, AST_UNARY);
	assert_int_equal(x->op, AST_OP_NEG);
	assert_string_equal(text_of(&f, e->span),
	    "a || b && c == d < e + f * -g");
	fx_done(&f);

	/* Left associative; unary binds tighter than binary. */
	e = fx_expr(&f, "-1 - 2 - 3");
	assert_int_equal(e->op, AST_OP_SUB);
	assert_int_equal(e->u.binary.lhs->kind, AST_BINARY);
	assert_string_equal(text_of(&f, e->u.binary.lhs->span), "-1 - 2");
	assert_int_equal(e->u.binary.lhs->u.binary.lhs->kind, AST_UNARY);
	fx_done(&f);

	/* The conditional nests to the right. */
	e = fx_expr(&f, "a ? b : c ? d : e");
	assert_int_equal(e->kind, AST_COND);
	assert_int_equal(e->u.cond->else_expr->kind, AST_COND);
	fx_done(&f);
}

static void
test_traversals(void **state)
{
	struct fx f;
	struct ast_expr *e = fx_expr(&f, "var.x[0][\"k\"].y.1");
	struct span sp;

	(void)state;
	assert_int_equal(f.dl.n, 0);
	assert_int_equal(e->kind, AST_TRAVERSAL);
	assert_string_equal(e->u.trav.root, "var");
	sp = ast_trav_root_span(e);
	assert_int_equal(sp.start, 0);
	assert_int_equal(sp.end, 3);
	assert_int_equal(e->nsteps, 5);
	assert_int_equal(e->u.trav.steps[0].kind, AST_STEP_ATTR);
	assert_string_equal(e->u.trav.steps[0].u.name, "x");
	assert_int_equal(e->u.trav.steps[1].kind, AST_STEP_INDEX);
	assert_string_equal(text_of(&f, e->u.trav.steps[1].span), "[0]");
	assert_int_equal(e->u.trav.steps[2].u.key->u.lit.kind, AST_LIT_STRING);
	assert_int_equal(e->u.trav.steps[4].kind, AST_STEP_LEGACY_INDEX);
	assert_string_equal(text_of(&f, e->u.trav.steps[4].span), ".1");
	fx_done(&f);

	/* A dynamic index ends the traversal. */
	e = fx_expr(&f, "a[b].c");
	assert_int_equal(e->kind, AST_GETATTR);
	assert_string_equal(e->u.getattr.name, "c");
	assert_int_equal(e->u.getattr.obj->kind, AST_INDEX);
	assert_int_equal(e->u.getattr.obj->u.index.key->kind, AST_TRAVERSAL);
	fx_done(&f);
}

static void
test_splats(void **state)
{
	struct fx f;
	struct ast_expr *e = fx_expr(&f, "a.*.b[0]"), *s;

	(void)state;
	assert_int_equal(f.dl.n, 0);
	/* The [0] applies to the result of an attribute-only splat. */
	assert_int_equal(e->kind, AST_INDEX);
	s = e->u.index.coll;
	assert_int_equal(s->kind, AST_SPLAT);
	assert_true(s->flags & AST_F_ATTR_ONLY);
	assert_int_equal(s->u.splat->each->kind, AST_GETATTR);
	assert_ptr_equal(s->u.splat->each->u.getattr.obj, s->u.splat->item);
	fx_done(&f);

	/* A full splat takes every following step. */
	e = fx_expr(&f, "a[*].b[0]");
	assert_int_equal(e->kind, AST_SPLAT);
	assert_false(e->flags & AST_F_ATTR_ONLY);
	assert_int_equal(e->u.splat->each->kind, AST_INDEX);
	assert_int_equal(e->u.splat->each->u.index.coll->kind, AST_GETATTR);
	assert_string_equal(text_of(&f, e->span), "a[*].b[0]");
	fx_done(&f);
}

static void
test_templates(void **state)
{
	struct fx f;
	struct ast_expr *e = fx_expr(&f,
	    "\"a ${b} %{if c}x%{else}y%{endif}%{for k, v in m}${v}%{endfor}\"");
	const struct ast_tpl_part *p;

	(void)state;
	assert_int_equal(f.dl.n, 0);
	assert_int_equal(e->kind, AST_TEMPLATE);
	assert_int_equal(e->u.tpl.nparts, 5);
	p = e->u.tpl.parts;
	assert_int_equal(p[0].kind, AST_TPL_LITERAL);
	assert_int_equal(p[0].u.lit.len, 2);
	assert_memory_equal(p[0].u.lit.s, "a ", 2);
	assert_int_equal(p[1].kind, AST_TPL_INTERP);
	assert_string_equal(text_of(&f, p[1].span), "${b}");
	assert_int_equal(p[3].kind, AST_TPL_IF);
	assert_true(p[3].u.ifd->has_else);
	assert_int_equal(p[3].u.ifd->then_parts.nparts, 1);
	assert_string_equal(text_of(&f, p[3].span),
	    "%{if c}x%{else}y%{endif}");
	assert_int_equal(p[4].kind, AST_TPL_FOR);
	assert_string_equal(p[4].u.ford->key_var, "k");
	assert_string_equal(p[4].u.ford->val_var, "v");
	assert_int_equal(p[4].u.ford->body.nparts, 1);
	fx_done(&f);

	/* Strip markers, heredoc indentation, escapes, NUL in a string. */
	e = fx_expr(&f, "\"x ${~ y ~} z\\u0000\"");
	assert_int_equal(e->u.tpl.nparts, 3);
	assert_int_equal(e->u.tpl.parts[0].u.lit.len, 1);
	assert_int_equal(e->u.tpl.parts[2].u.lit.len, 2);
	assert_memory_equal(e->u.tpl.parts[2].u.lit.s, "z\0", 2);
	fx_done(&f);
	e = fx_expr(&f, "<<-EOT\n    a\n      b\n    EOT\n");
	assert_int_equal(e->kind, AST_LITERAL);
	assert_int_equal(e->flags, AST_F_HEREDOC);
	assert_int_equal(e->u.lit.len, 6);
	assert_memory_equal(e->u.lit.s, "a\n  b\n", 6);
	fx_done(&f);
}

static void
test_empty_string(void **state)
{
	struct fx f;
	struct ast_expr *e = fx_expr(&f, "\"\"");

	(void)state;
	/* Nothing is ever pushed while reading it (a fuzz finding). */
	assert_int_equal(f.dl.n, 0);
	assert_int_equal(e->kind, AST_LITERAL);
	assert_int_equal(e->u.lit.kind, AST_LIT_STRING);
	assert_int_equal(e->u.lit.len, 0);
	fx_done(&f);
}

static void
test_collections_calls_for(void **state)
{
	struct fx f;
	struct ast_expr *e = fx_expr(&f, "{a = 1, \"b\": 2, (c) = 3, d.e = 4}");
	struct ast_for *fo;

	(void)state;
	assert_int_equal(f.dl.n, 0);
	assert_int_equal(e->u.object.n, 4);
	assert_true(e->u.object.items[0].key_ident);
	assert_false(e->u.object.items[1].key_ident);
	assert_int_equal(e->u.object.items[2].key->kind, AST_PAREN);
	assert_false(e->u.object.items[2].key_ident);
	assert_false(e->u.object.items[3].key_ident);
	fx_done(&f);

	e = fx_expr(&f, "provider::ns::fn(1, [2, 3]...)");
	assert_int_equal(e->kind, AST_CALL);
	assert_string_equal(e->u.call->name, "provider::ns::fn");
	assert_string_equal(text_of(&f, e->u.call->name_span),
	    "provider::ns::fn");
	assert_int_equal(e->u.call->nargs, 2);
	assert_true(e->flags & AST_F_EXPAND);
	assert_string_equal(text_of(&f, e->u.call->expand_span), "...");
	fx_done(&f);

	e = fx_expr(&f, "{for k, v in m : k => v... if v != null}");
	assert_int_equal(e->kind, AST_FOR);
	fo = e->u.forx;
	assert_true(fo->object);
	assert_true(fo->group);
	assert_string_equal(fo->key_var, "k");
	assert_non_null(fo->cond);
	fx_done(&f);

	e = fx_expr(&f, "[for v in xs : v]");
	assert_null(e->u.forx->key_var);
	assert_null(e->u.forx->key);
	assert_false(e->u.forx->object);
	fx_done(&f);
}

/* Collect traversal texts separated by spaces. */
static void
collect(const struct ast_expr *e, void *arg)
{
	char *out = arg;

	if (out[0] != '\0')
		strcat(out, " ");
	strcat(out, e->u.trav.root);
	strcat(out, e->nsteps ? "+" : "");
}

static void
test_walk_traversals(void **state)
{
	struct fx f;
	char out[256] = "";
	struct ast_body *b = fx_file(&f,
	    "a = [for x in var.l : x.a + var.b if x != k]\n"
	    "t {\n c = \"${task.docker_run.x.stdout} %{for y in ys}${y}${z}"
	    "%{endfor}\"\n d = f(q)[w]\n}\n");

	(void)state;
	assert_int_equal(f.dl.n, 0);
	ast_body_walk_traversals(b, collect, out);
	assert_string_equal(out, "var+ var+ k task+ ys z q w");
	fx_done(&f);
}

/* The diagnostics as "line:col summary" joined by '|'. */
static char *
errors(struct fx *f)
{
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);

	for (size_t i = 0; i < f->dl.n; i++) {
		struct src_pos p = source_pos(f->src, f->dl.v[i].subject.start);

		fprintf(fp, "%s%u:%u %s", i ? "|" : "", p.line, p.column,
		    f->dl.v[i].summary);
	}
	fclose(fp);
	return out;
}

static void
test_errors_once_each(void **state)
{
	struct fx f;
	char *s;

	(void)state;
	fx_file(&f, "a = 1\na = 2\nb = [1, 2\nc = f(\n");
	s = errors(&f);
	assert_string_equal(s, "2:1 attribute 'a' is already defined|"
	    "3:5 unclosed '[': this tuple has no matching ']'|"
	    "4:6 unclosed '(': this function call has no matching ')'");
	free(s);
	fx_done(&f);

	fx_file(&f, "x { a = 1, b = 2 }\ny { z {} }\nw { q = 1\n}\n");
	s = errors(&f);
	assert_string_equal(s,
	    "1:10 a one-line block can hold only one attribute|"
	    "2:5 a one-line block can hold only one attribute, not a block|"
	    "3:10 a one-line block must be closed on the same line");
	free(s);
	fx_done(&f);
}

static void
test_depth_limit(void **state)
{
	struct fx f;
	size_t n = 100000;
	char *text = malloc(n + 5);
	char *s;

	(void)state;
	memcpy(text, "a = ", 4);
	memset(text + 4, '(', n);
	text[n + 4] = '\0';
	fx_file(&f, text);
	s = errors(&f);
	assert_string_equal(s,
	    "1:517 nesting is too deep (more than 512 levels)");
	free(s);
	fx_done(&f);
	/* Templates nest through the lexer; the limit holds there too. */
	for (size_t i = 0; i < n / 4; i++)
		memcpy(text + 4 + 4 * i, "\"${ ", 4);
	fx_file(&f, text);
	assert_true(f.dl.n >= 1);
	assert_string_equal(f.dl.v[0].summary,
	    "nesting is too deep (more than 512 levels)");
	fx_done(&f);
	free(text);
}

/* "a = " then head, n times rep, then tail, in a new string. */
static char *
repeated(const char *head, size_t n, const char *rep, const char *tail)
{
	size_t hl = strlen(head), rl = strlen(rep), tl = strlen(tail);
	char *s = malloc(hl + n * rl + tl + 1), *d = s;

	assert_non_null(s);
	memcpy(d, head, hl);
	d += hl;
	for (size_t i = 0; i < n; i++, d += rl)
		memcpy(d, rep, rl);
	memcpy(d, tail, tl + 1);
	return s;
}

/*
 * Parse head, rep n times, mid, close n times, as a file: its errors, and
 * in *e the expression of its one attribute or NULL.
 */
static char *
deep_errors(struct fx *f, const char *head, size_t n, const char *rep,
    const char *mid, const char *close, const struct ast_expr **e)
{
	char *tail = repeated(mid, n, close, "");
	char *text = repeated(head, n, rep, tail);
	struct ast_body *b = fx_file(f, text);
	char *s = errors(f);

	free(text);
	free(tail);
	*e = b->nattrs == 1 ? b->attrs[0].expr : NULL;
	return s;
}

static void
test_heights(void **state)
{
	static const struct {
		const char *text;
		unsigned height;
	} cases[] = {
		{ "1", 1 },
		{ "a", 1 },
		{ "a.b[0].c", 2 },
		{ "-1", 2 },
		{ "1 + 2 * 3", 3 },
		{ "1 * 2 + 3", 3 },
		{ "1 + 2 + 3 + 4", 4 },
		{ "(1 + 2)", 3 },
		{ "[1, [2], 3]", 3 },
		{ "{a = 1, b = [x]}", 3 },
		{ "f(1, g(2))", 3 },
		{ "c ? 1 : 2 + 3", 3 },
		{ "f(1)[0].x", 4 },
		{ "a[b[c]]", 3 },
		{ "a[*].b", 3 },
		{ "a.*.b", 3 },
		{ "[for x in xs : x + 1]", 3 },
		{ "\"${a}%{if b}x%{endif}\"", 3 },
		{ "\"%{for x in xs}%{if x}${x + 1}%{endif}%{endfor}\"", 5 },
	};
	struct fx f;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ast_expr *e = fx_expr(&f, cases[i].text);

		assert_int_equal(f.dl.n, 0);
		if (e->height != cases[i].height)
			fail_msg("'%s': height %u, not %u", cases[i].text,
			    (unsigned)e->height, cases[i].height);
		fx_done(&f);
	}
}

/*
 * Chains and conditionals nest too: a tree is never deeper than the
 * limit, whatever builds its height, and the error names the operator
 * or step that goes past it.  A top-level attribute is at depth 0, so
 * its expression may be PARSE_MAX_DEPTH + 1 nodes high.
 */
static void
test_chain_limit(void **state)
{
	static const struct {
		const char *head, *rep, *mid, *close;
		size_t fits;		/* the most repetitions that parse */
		unsigned col;		/* of the error with one more */
	} cases[] = {
		/* 512 '+' make 513 levels; the 513th '+' is too many. */
		{ "a = 1", " + 1", "", "", 512, 4 + 1 + 512 * 4 + 2 },
		{ "a = x", " || y", "", "", 512, 4 + 1 + 512 * 5 + 2 },
		{ "a = f()", "[0]", "", "", 512, 4 + 3 + 512 * 3 + 1 },
		{ "a = f()", ".b", "", "", 512, 4 + 3 + 512 * 2 + 1 },
		{ "a = x[*]", ".b", "", "", 511, 4 + 4 + 511 * 2 + 1 },
		{ "a = x.*", ".b", "", "", 511, 4 + 3 + 511 * 2 + 2 },
		/* A branch takes a level, and so does its term. */
		{ "a = 1", " ? 1 : 1", "", "", 511, 4 + 1 + 511 * 8 + 4 },
		{ "a = ", "true ? ", "1", " : 0", 511, 4 + 511 * 7 + 8 },
		{ "a = ", "x[", "1", "]", 511, 4 + 511 * 2 + 3 },
		{ "a = ", "-", "1", "", 511, 4 + 511 + 2 },
	};
	struct fx f;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ast_expr *e;
		char *want, *s;

		s = deep_errors(&f, cases[i].head, cases[i].fits, cases[i].rep,
		    cases[i].mid, cases[i].close, &e);
		if (strcmp(s, "") != 0)
			fail_msg("case %zu: %s", i, s);
		assert_non_null(e);
		assert_true(e->height <= PARSE_MAX_DEPTH + 1);
		free(s);
		fx_done(&f);

		s = deep_errors(&f, cases[i].head, cases[i].fits + 1,
		    cases[i].rep, cases[i].mid, cases[i].close, &e);
		if (asprintf(&want, "1:%u nesting is too deep (more than 512 "
		    "levels)", cases[i].col) < 0)
			fail();
		if (strcmp(s, want) != 0)
			fail_msg("case %zu: '%s', not '%s'", i, s, want);
		assert_true(e == NULL || e->height <= PARSE_MAX_DEPTH + 1);
		free(want);
		free(s);
		fx_done(&f);
	}
}

/* Blocks take levels from the same limit as expressions. */
static void
test_chain_limit_in_blocks(void **state)
{
	struct fx f;
	char *text = repeated("b {\nc {\na = 1", 510, " + 1", "\n}\n}\n");
	char *s;

	(void)state;
	fx_file(&f, text);
	s = errors(&f);
	assert_string_equal(s, "");
	free(s);
	fx_done(&f);
	free(text);
	text = repeated("b {\nc {\na = 1", 511, " + 1", "\n}\n}\n");
	fx_file(&f, text);
	s = errors(&f);
	assert_string_equal(s, "3:2047 nesting is too deep (more than 512 "
	    "levels)");
	free(s);
	fx_done(&f);
	free(text);
}

/* One million steps: one error, no stack overflow. */
static void
test_chain_million(void **state)
{
	static const char *const reps[] = { " + 1", "[0]", ".a", " ? 1 : 1" };
	struct fx f;

	(void)state;
	for (size_t i = 0; i < sizeof(reps) / sizeof(reps[0]); i++) {
		const struct ast_expr *e;
		char *s = deep_errors(&f, "a = 1", 1000000, reps[i], "", "",
		    &e);

		assert_non_null(strstr(s, "nesting is too deep"));
		assert_null(strchr(s, '|'));
		free(s);
		fx_done(&f);
	}
}

/*
 * A closer that does not belong anywhere is reported once, by the error
 * it caused, and the rest of its line is skipped.
 */
static void
test_stray_closer_once(void **state)
{
	static const struct {
		const char *text, *errors;
	} cases[] = {
		{ "a = ]\nb = 1\n", "1:5 expected an expression, found ']'" },
		{ "a = (1))\nb = 1\n",
		    "1:8 expected a newline after the attribute 'a', found ')'" },
		{ "a = }\nb = 1\n", "1:5 expected an expression, found '}'" },
		{ "a = 1 + + 2 )\nb = 1\n",
		    "1:9 expected an expression, found '+'" },
		{ "a = [1, 2)\nb = ]\n",
		    "1:10 expected ',' or ']' after a tuple element, found ')'|"
		    "2:5 expected an expression, found ']'" },
		{ "x {\na = ]\n}\nb = 1\n",
		    "2:5 expected an expression, found ']'" },
		{ "]\n)\n", "1:1 expected an attribute or block definition, "
		    "found ']'|2:1 expected an attribute or block definition, "
		    "found ')'" },
	};
	struct fx f;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s;

		fx_file(&f, cases[i].text);
		s = errors(&f);
		if (strcmp(s, cases[i].errors) != 0)
			fail_msg("'%s': '%s'", cases[i].text, s);
		free(s);
		fx_done(&f);
	}
}

/* The headers of for expressions and %{for}, and directives left open. */
static void
test_for_and_directive_errors(void **state)
{
	struct fx f;
	char *s;

	(void)state;
	fx_file(&f, "a = [for in x : 1]\n"
	    "b = [for k, 1 in x : 1]\n"
	    "c = \"%{for k, v, w in x}%{endfor}\"\n"
	    "d = \"%{for 1 in x}%{endfor}\"\n"
	    "e = {for k v}\n"
	    "f = \"%{if a}\"\n"
	    "g = \"%{if a}%{endfor}\"\n"
	    "h = \"%{for x in y}%{endif}\"\n"
	    "i = \"%{for x in y}\"\n");
	s = errors(&f);
	assert_string_equal(s,
	    "1:13 expected 'in' after the for variables, found 'x'|"
	    "2:13 expected a variable name after ',', found '1'|"
	    "3:16 expected 'in' after the for variables, found ','|"
	    "4:12 expected a variable name after 'for', found '1'|"
	    "5:12 expected 'in' after the for variables, found 'v'|"
	    "6:6 unclosed %{if}: no %{endif} before the end of the template|"
	    "7:13 unexpected %{endfor}: the %{if} needs an %{endif} first|"
	    "8:19 unexpected %{endif}: the %{for} needs an %{endfor} first|"
	    "9:6 unclosed %{for}: no %{endfor} before the end of the "
	    "template");
	free(s);
	fx_done(&f);
}

static void
test_bare_template(void **state)
{
	struct fx f;
	struct ast_expr *e;

	(void)state;
	f.src = source_new("t", "Hi ${name}\\n", 12);
	arena_init(&f.a);
	diag_list_init(&f.dl);
	e = parse_template(&f.a, f.src, &f.dl);
	assert_int_equal(f.dl.n, 0);
	assert_int_equal(e->kind, AST_TEMPLATE);
	assert_true(e->flags & AST_F_BARE);
	assert_int_equal(e->u.tpl.nparts, 3);
	/* No backslash escapes in a bare template. */
	assert_int_equal(e->u.tpl.parts[2].u.lit.len, 2);
	fx_done(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_shape),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_traversals),
		cmocka_unit_test(test_splats),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_empty_string),
		cmocka_unit_test(test_collections_calls_for),
		cmocka_unit_test(test_walk_traversals),
		cmocka_unit_test(test_errors_once_each),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_heights),
		cmocka_unit_test(test_chain_limit),
		cmocka_unit_test(test_chain_limit_in_blocks),
		cmocka_unit_test(test_chain_million),
		cmocka_unit_test(test_stray_closer_once),
		cmocka_unit_test(test_for_and_directive_errors),
		cmocka_unit_test(test_bare_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
