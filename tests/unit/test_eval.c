#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "eval/eval.h"
#include "eval/scope.h"
#include "eval/value.h"
#include "hcl/ast.h"
#include "hcl/json.h"
#include "hcl/parse.h"

/*
 * The evaluator on trees built by hand, so each test pins one rule of the
 * semantics without going through the parser (the language cases in
 * tests/hcl/eval-cases cover the same through the parser).
 */

static struct arena A;		/* trees and values */
static struct scope S;		/* the root scope */
static struct diag_list D;

static int
setup(void **state)
{
	(void)state;
	arena_init(&A);
	scope_init(&S, NULL, &A);
	diag_list_init(&D);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	diag_list_release(&D);
	scope_release(&S);
	arena_release(&A);
	return 0;
}

/* A new node of kind k. */
static struct ast_expr *
node(enum ast_kind k)
{
	struct ast_expr *e = arena_calloc(&A, 1, sizeof(*e));

	e->kind = k;
	return e;
}

/* A number literal. */
static struct ast_expr *
num(const char *text)
{
	struct ast_expr *e = node(AST_LITERAL);

	e->u.lit.kind = AST_LIT_NUMBER;
	e->u.lit.s = text;
	e->u.lit.len = (uint32_t)strlen(text);
	return e;
}

/* A string literal. */
static struct ast_expr *
str(const char *s)
{
	struct ast_expr *e = node(AST_LITERAL);

	e->u.lit.kind = AST_LIT_STRING;
	e->u.lit.s = s;
	e->u.lit.len = (uint32_t)strlen(s);
	return e;
}

/* true or false. */
static struct ast_expr *
boolean(bool b)
{
	struct ast_expr *e = node(AST_LITERAL);

	e->u.lit.kind = AST_LIT_BOOL;
	e->u.lit.b = b;
	return e;
}

/* null. */
static struct ast_expr *
null(void)
{
	struct ast_expr *e = node(AST_LITERAL);

	e->u.lit.kind = AST_LIT_NULL;
	return e;
}

/* l op r. */
static struct ast_expr *
bin(struct ast_expr *l, enum ast_op op, struct ast_expr *r)
{
	struct ast_expr *e = node(AST_BINARY);

	e->op = op;
	e->u.binary.lhs = l;
	e->u.binary.rhs = r;
	return e;
}

/* op x. */
static struct ast_expr *
unary(enum ast_op op, struct ast_expr *x)
{
	struct ast_expr *e = node(AST_UNARY);

	e->op = op;
	e->u.unary.operand = x;
	return e;
}

/*
 * A traversal from "root.a.b" with attribute steps only; a step written
 * "#N" is an index [N].
 */
static struct ast_expr *
trav(const char *path)
{
	struct ast_expr *e = node(AST_TRAVERSAL);
	char *copy = arena_strdup(&A, path), *tok, *save = NULL;
	struct ast_step *steps = arena_calloc(&A, 16, sizeof(*steps));
	uint32_t n = 0;

	e->u.trav.root = strtok_r(copy, ".", &save);
	while ((tok = strtok_r(NULL, ".", &save)) != NULL) {
		if (tok[0] == '#') {
			steps[n].kind = AST_STEP_INDEX;
			steps[n].u.key = num(tok + 1);
		} else {
			steps[n].kind = AST_STEP_ATTR;
			steps[n].u.name = tok;
		}
		n++;
	}
	e->u.trav.steps = steps;
	e->nsteps = n;
	return e;
}

/* A tuple of n expressions. */
static struct ast_expr *
tuple(size_t n, ...)
{
	struct ast_expr *e = node(AST_TUPLE);
	va_list ap;

	e->u.tuple.items = arena_calloc(&A, n ? n : 1, sizeof(struct ast_expr *));
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		e->u.tuple.items[i] = va_arg(ap, struct ast_expr *);
	va_end(ap);
	e->u.tuple.n = (uint32_t)n;
	return e;
}

/* c ? t : f. */
static struct ast_expr *
cond(struct ast_expr *c, struct ast_expr *t, struct ast_expr *f)
{
	struct ast_expr *e = node(AST_COND);

	e->u.cond = arena_calloc(&A, 1, sizeof(*e->u.cond));
	e->u.cond->cond = c;
	e->u.cond->then_expr = t;
	e->u.cond->else_expr = f;
	return e;
}

/* src.* followed by attribute steps (each built on the item). */
static struct ast_expr *
splat(struct ast_expr *src, const char *attr)
{
	struct ast_expr *e = node(AST_SPLAT);
	struct ast_expr *item = node(AST_SPLAT_ITEM);
	struct ast_expr *each = item;

	if (attr != NULL) {
		each = node(AST_GETATTR);
		each->u.getattr.obj = item;
		each->u.getattr.name = attr;
	}
	e->flags = AST_F_ATTR_ONLY;
	e->u.splat = arena_calloc(&A, 1, sizeof(*e->u.splat));
	e->u.splat->source = src;
	e->u.splat->item = item;
	e->u.splat->each = each;
	return e;
}

/* [for k, v in coll : val] or {for k, v in coll : key => val}. */
static struct ast_expr *
forx(const char *k, const char *v, struct ast_expr *coll,
    struct ast_expr *key, struct ast_expr *val)
{
	struct ast_expr *e = node(AST_FOR);
	struct ast_for *f = arena_calloc(&A, 1, sizeof(*f));

	f->key_var = k;
	f->val_var = v;
	f->coll = coll;
	f->key = key;
	f->val = val;
	f->object = key != NULL;
	e->u.forx = f;
	return e;
}

/* Evaluate e in the root scope. */
static const struct value *
ev(const struct ast_expr *e)
{
	struct eval_ctx ec;

	eval_init(&ec, &A, &S, &D, NULL);
	return eval_expr(&ec, e);
}

/* Compact JSON of v (unknowns as "${ref}") in a static buffer. */
static const char *
js(const struct value *v)
{
	static char out[1024];
	struct val_json_opts o = { .indent = -1, .unknown_as_ref = true };
	struct buf b = BUF_INIT;

	assert_int_equal(val_to_json(&b, v, &o), 0);
	strlcpy(out, buf_str(&b), sizeof(out));
	buf_release(&b);
	return out;
}

/* Assert that there is exactly one diagnostic and it says summary. */
static void
one_error(const char *summary)
{
	assert_int_equal(D.n, 1);
	assert_string_equal(D.v[0].summary, summary);
	diag_list_release(&D);
}

/* Bind a variable from JSON text. */
static void
bind(const char *name, const char *json)
{
	const char *err;
	int line, col;
	const struct value *v = val_from_json(&A, json, strlen(json), &err,
	    &line, &col);

	assert_non_null(v);
	scope_set(&S, name, v);
}

static void
test_version_compare(void **state)
{
	static const struct {
		const char *a, *b;
		int want;
	} t[] = {
		{ "0.10.0", "0.6.0", 1 },
		{ "0.6.0", "0.10.0", -1 },
		{ "1.2.3", "1.2.3", 0 },
		{ "1.2", "1.2.0", -1 },
		{ "v2", "v10", -1 },
		{ "010", "10", 0 },
		{ "1.0a", "1.0b", -1 },
		{ "1.0-rc1", "1.0-rc2", -1 },
		{ "abc", "abd", -1 },
		{ "", "", 0 },
		{ "", "0", -1 },
		{ "a", "1", 1 },		/* 'a' > '1' bytewise */
		{ "99999999999999999999999", "100000000000000000000000", -1 },
		{ "1.00000000000000000001", "1.1", 0 },
		{ "2.0", "10.0", -1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int got = eval_version_compare(t[i].a, strlen(t[i].a), t[i].b,
		    strlen(t[i].b));

		if (got != t[i].want)
			fail_msg("%s vs %s: got %d, want %d", t[i].a, t[i].b,
			    got, t[i].want);
	}
}

static void
test_scope(void **state)
{
	struct scope child;
	const char **names;
	size_t n;

	(void)state;
	assert_null(scope_lookup(&S, "x"));
	scope_set(&S, "x", val_int(&A, 1));
	scope_set(&S, "y", val_int(&A, 2));
	scope_set(&S, "x", val_int(&A, 3));	/* rebinding replaces */
	assert_string_equal(js(scope_lookup(&S, "x")), "3");
	scope_init(&child, &S, NULL);
	scope_set(&child, "x", val_cstring(&A, "inner"));
	scope_set(&child, "z", val_null());
	assert_string_equal(js(scope_lookup(&child, "x")), "\"inner\"");
	assert_string_equal(js(scope_lookup(&child, "y")), "2");
	assert_null(scope_lookup(&S, "z"));
	names = scope_names(&child, &n);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "x");
	assert_string_equal(names[1], "z");
	assert_string_equal(names[2], "y");
	free(names);
	scope_release(&child);
}

static void
test_scope_tasks(void **state)
{
	const struct value *t;

	(void)state;
	scope_set(&S, "task", val_int(&A, 7));	/* tasks take precedence */
	scope_set_task(&S, "docker_run", "build", NULL);
	scope_set_task(&S, "bash_run", "hello", val_cstring(&A, "x"));
	scope_set_task(&S, "docker_run", "test", val_int(&A, 1));
	t = scope_lookup(&S, "task");
	assert_string_equal(js(t), "{\"bash_run\":{\"hello\":\"x\"},"
	    "\"docker_run\":{\"build\":\"${task.docker_run.build}\","
	    "\"test\":1}}");
	/* A finished task replaces its pending marker. */
	scope_set_task(&S, "docker_run", "build", val_int(&A, 2));
	t = scope_lookup(&S, "task");
	assert_string_equal(js(val_object_cget(t, "docker_run")),
	    "{\"build\":2,\"test\":1}");
}

static void
test_pending_task_reference(void **state)
{
	const struct value *v;

	(void)state;
	scope_set_task(&S, "docker_run", "build", NULL);
	v = ev(trav("task.docker_run.build.stdout"));
	assert_int_equal(v->kind, VAL_UNKNOWN);
	assert_string_equal(v->u.unknown.ref, "task.docker_run.build.stdout");
	v = ev(trav("task.docker_run.build.lines.#0"));
	assert_string_equal(v->u.unknown.ref,
	    "task.docker_run.build.lines[0]");
	/* Operations on unknowns are unknown and silent. */
	v = ev(bin(trav("task.docker_run.build.exit_code"), AST_OP_ADD,
	    num("1")));
	assert_int_equal(v->kind, VAL_UNKNOWN);
	assert_null(v->u.unknown.ref);
	v = ev(tuple(2, str("a"), trav("task.docker_run.build.stdout")));
	assert_string_equal(js(v),
	    "[\"a\",\"${task.docker_run.build.stdout}\"]");
	assert_int_equal(D.n, 0);
	/* A missing task is an error, not an unknown. */
	v = ev(trav("task.docker_run.nope.stdout"));
	assert_int_equal(v->kind, VAL_UNKNOWN);
	one_error("unsupported attribute 'nope'");
}

static void
test_short_circuit(void **state)
{
	(void)state;
	/* The right operand is not evaluated: no unknown-variable error. */
	assert_string_equal(js(ev(bin(boolean(false), AST_OP_AND,
	    trav("nosuch")))), "false");
	assert_string_equal(js(ev(bin(boolean(true), AST_OP_OR,
	    trav("nosuch")))), "true");
	assert_int_equal(D.n, 0);
	assert_string_equal(js(ev(bin(boolean(true), AST_OP_AND,
	    boolean(false)))), "false");
	assert_string_equal(js(ev(bin(boolean(false), AST_OP_OR,
	    boolean(true)))), "true");
	/* Unknown on the left, a deciding right operand. */
	scope_set_task(&S, "bash_run", "b", NULL);
	assert_string_equal(js(ev(bin(trav("task.bash_run.b.ok"), AST_OP_AND,
	    boolean(false)))), "false");
	assert_string_equal(js(ev(bin(trav("task.bash_run.b.ok"), AST_OP_OR,
	    boolean(true)))), "true");
	assert_int_equal(ev(bin(trav("task.bash_run.b.ok"), AST_OP_AND,
	    boolean(true)))->kind, VAL_UNKNOWN);
	assert_int_equal(D.n, 0);
	/* Only bools (and the strings "true"/"false", as HCL converts). */
	assert_string_equal(js(ev(bin(str("true"), AST_OP_AND,
	    boolean(true)))), "true");
	assert_int_equal(ev(bin(num("1"), AST_OP_AND,
	    boolean(true)))->kind, VAL_UNKNOWN);
	one_error("left operand of '&&' must be a bool, not number");
	assert_int_equal(ev(unary(AST_OP_NOT, null()))->kind, VAL_UNKNOWN);
	one_error("operand of '!' must be a bool, not null");
}

/* Evaluate a op b on number literals, JSON of the result. */
static const char *
arith(const char *a, enum ast_op op, const char *b)
{
	return js(ev(bin(num(a), op, num(b))));
}

static void
test_int64_edges(void **state)
{
	const struct value *v;

	(void)state;
	assert_string_equal(arith("9223372036854775807", AST_OP_ADD, "0"),
	    "9223372036854775807");
	v = ev(bin(num("9223372036854775807"), AST_OP_ADD, num("1")));
	assert_false(v->u.num.is_int);
	assert_string_equal(js(v), "9.223372036854776e+18");
	assert_string_equal(arith("9223372036854775807", AST_OP_MUL, "2"),
	    "1.8446744073709552e+19");
	v = ev(bin(unary(AST_OP_NEG, num("9223372036854775807")), AST_OP_SUB,
	    num("1")));
	assert_true(v->u.num.is_int);
	assert_int_equal(v->u.num.i, INT64_MIN);
	v = ev(unary(AST_OP_NEG, bin(unary(AST_OP_NEG,
	    num("9223372036854775807")), AST_OP_SUB, num("1"))));
	assert_false(v->u.num.is_int);
	assert_string_equal(js(v), "9.223372036854776e+18");
	v = ev(bin(bin(unary(AST_OP_NEG, num("9223372036854775807")),
	    AST_OP_SUB, num("1")), AST_OP_DIV, unary(AST_OP_NEG, num("1"))));
	assert_string_equal(js(v), "9.223372036854776e+18");
	v = ev(bin(bin(unary(AST_OP_NEG, num("9223372036854775807")),
	    AST_OP_SUB, num("1")), AST_OP_MOD, unary(AST_OP_NEG, num("1"))));
	assert_string_equal(js(v), "0");
	assert_string_equal(arith("5", AST_OP_DIV, "2"), "2.5");
	v = ev(bin(num("4"), AST_OP_DIV, num("2")));
	assert_true(v->u.num.is_int);
	assert_int_equal(v->u.num.i, 2);
	assert_string_equal(arith("7", AST_OP_MOD, "3"), "1");
	assert_string_equal(js(ev(bin(unary(AST_OP_NEG, num("5")), AST_OP_MOD,
	    num("3")))), "2");
	assert_string_equal(arith("5.5", AST_OP_MOD, "2"), "1.5");
	assert_string_equal(arith("0.1", AST_OP_ADD, "0.2"),
	    "0.30000000000000004");
	assert_int_equal(D.n, 0);
	assert_int_equal(ev(bin(num("1"), AST_OP_DIV, num("0")))->kind,
	    VAL_UNKNOWN);
	one_error("division by zero");
	assert_int_equal(ev(bin(num("1"), AST_OP_MOD, num("0.0")))->kind,
	    VAL_UNKNOWN);
	one_error("modulo by zero");
	assert_int_equal(ev(bin(num("1e308"), AST_OP_MUL, num("10")))->kind,
	    VAL_UNKNOWN);
	one_error("the result of '*' is out of range");
	/* Numeric strings convert where a number is needed. */
	assert_string_equal(js(ev(bin(str("2"), AST_OP_MUL, str("-1.5")))),
	    "-3");
	assert_int_equal(ev(bin(str("x"), AST_OP_ADD, num("1")))->kind,
	    VAL_UNKNOWN);
	one_error("left operand of '+' must be a number, not the string 'x'");
}

static void
test_compare(void **state)
{
	(void)state;
	assert_string_equal(js(ev(bin(str("0.10.0"), AST_OP_GE,
	    str("0.6.0")))), "true");
	assert_string_equal(js(ev(bin(str("0.10.0"), AST_OP_LT,
	    str("0.6.0")))), "false");
	/* Two numeric strings compare as numbers, as HCL does. */
	assert_string_equal(js(ev(bin(str("1.5"), AST_OP_GT, str("1.10")))),
	    "true");
	assert_string_equal(js(ev(bin(str("10"), AST_OP_GT, num("9")))),
	    "true");
	/* Equality is type-strict. */
	assert_string_equal(js(ev(bin(num("1"), AST_OP_EQ, str("1")))),
	    "false");
	assert_string_equal(js(ev(bin(num("1"), AST_OP_EQ, num("1.0")))),
	    "true");
	assert_string_equal(js(ev(bin(tuple(2, num("1"), str("a")), AST_OP_NE,
	    tuple(2, num("1"), str("a"))))), "false");
	assert_int_equal(D.n, 0);
	assert_int_equal(ev(bin(str("v1"), AST_OP_LT, num("2")))->kind,
	    VAL_UNKNOWN);
	one_error("left operand of '<' must be a number, not the string 'v1'");
}

static void
test_conditional(void **state)
{
	(void)state;
	/* Only the chosen branch's errors are reported. */
	assert_string_equal(js(ev(cond(boolean(false), trav("nosuch"),
	    str("d")))), "\"d\"");
	assert_int_equal(D.n, 0);
	assert_int_equal(ev(cond(boolean(true), trav("nosuch"),
	    str("d")))->kind, VAL_UNKNOWN);
	one_error("unknown variable 'nosuch'");
	/* Unification: number and string give a string; null goes. */
	assert_string_equal(js(ev(cond(boolean(true), num("1"), str("a")))),
	    "\"1\"");
	assert_string_equal(js(ev(cond(boolean(true), boolean(true),
	    num("2")))), "\"true\"");
	assert_string_equal(js(ev(cond(boolean(true), null(), num("2")))),
	    "null");
	assert_int_equal(D.n, 0);
	assert_int_equal(ev(cond(boolean(true), tuple(0), num("2")))->kind,
	    VAL_UNKNOWN);
	one_error("inconsistent conditional result types");
	assert_int_equal(ev(cond(num("1"), num("1"), num("2")))->kind,
	    VAL_UNKNOWN);
	one_error("condition must be a bool, not number");
}

static void
test_splat(void **state)
{
	(void)state;
	bind("xs", "[{\"a\": 1}, {\"a\": 2}]");
	bind("o", "{\"a\": 5}");
	assert_string_equal(js(ev(splat(trav("xs"), "a"))), "[1,2]");
	assert_string_equal(js(ev(splat(trav("o"), "a"))), "[5]");
	assert_string_equal(js(ev(splat(num("3"), NULL))), "[3]");
	assert_string_equal(js(ev(splat(null(), "a"))), "[]");
	assert_int_equal(D.n, 0);
	/* One message, not one per element. */
	assert_int_equal(ev(splat(trav("xs"), "b"))->kind, VAL_UNKNOWN);
	one_error("unsupported attribute 'b'");
}

static void
test_for_object_order(void **state)
{
	(void)state;
	bind("m", "{\"b\": 2, \"a\": 1, \"c\": 3}");
	/* One variable: the value, in key order. */
	assert_string_equal(js(ev(forx(NULL, "v", trav("m"), NULL,
	    trav("v")))), "[1,2,3]");
	assert_string_equal(js(ev(forx("k", "v", trav("m"), NULL,
	    trav("k")))), "[\"a\",\"b\",\"c\"]");
	assert_string_equal(js(ev(forx("k", "v", trav("m"), trav("k"),
	    bin(trav("v"), AST_OP_MUL, num("10"))))),
	    "{\"a\":10,\"b\":20,\"c\":30}");
	/* Locals shadow and then disappear. */
	bind("v", "\"outer\"");
	assert_string_equal(js(ev(forx("i", "v", tuple(1, num("7")), NULL,
	    trav("v")))), "[7]");
	assert_string_equal(js(ev(trav("v"))), "\"outer\"");
	assert_int_equal(D.n, 0);
	assert_int_equal(ev(forx("k", "v", trav("m"), str("same"),
	    trav("v")))->kind, VAL_UNKNOWN);
	one_error("duplicate key 'same' in a 'for' expression");
	assert_int_equal(ev(forx(NULL, "v", str("abc"), NULL,
	    trav("v")))->kind, VAL_UNKNOWN);
	one_error("cannot iterate over a string value");
}

static void
test_tree_with_missing_parts(void **state)
{
	struct ast_expr *e;

	(void)state;
	/* {for v in [1] : v} read with a syntax error: no key expression. */
	e = forx("k", "v", tuple(1, num("1")), NULL, trav("v"));
	e->u.forx->object = true;
	assert_int_equal(ev(e)->kind, VAL_UNKNOWN);
	assert_int_equal(ev(bin(NULL, AST_OP_ADD, num("1")))->kind,
	    VAL_UNKNOWN);
	assert_int_equal(ev(node(AST_INVALID))->kind, VAL_UNKNOWN);
	assert_int_equal(D.n, 0);
}

static void
test_depth_limit(void **state)
{
	struct ast_expr *e = num("1");

	(void)state;
	for (int i = 0; i < EVAL_MAX_DEPTH + 10; i++)
		e = bin(e, AST_OP_ADD, num("1"));
	assert_int_equal(ev(e)->kind, VAL_UNKNOWN);
	assert_int_equal(D.n, 1);
	assert_non_null(strstr(D.v[0].summary, "nested too deeply"));
	diag_list_release(&D);
	e = num("1");
	for (int i = 0; i < EVAL_MAX_DEPTH - 10; i++)
		e = bin(e, AST_OP_ADD, num("1"));
	assert_string_equal(js(ev(e)), "991");
}

static void
test_step_budget(void **state)
{
	struct eval_ctx ec;
	struct ast_expr *inner, *outer;
	const struct value *v;

	(void)state;
	bind("xs", "[1,2,3,4,5,6,7,8,9,10]");
	inner = forx(NULL, "a", trav("xs"), NULL, forx(NULL, "b", trav("xs"),
	    NULL, forx(NULL, "c", trav("xs"), NULL, trav("c"))));
	outer = forx(NULL, "d", trav("xs"), NULL, inner);
	eval_init(&ec, &A, &S, &D, NULL);
	ec.max_steps = 5000;
	v = eval_expr(&ec, outer);
	assert_int_equal(v->kind, VAL_UNKNOWN);
	assert_int_equal(D.n, 1);
	assert_non_null(strstr(D.v[0].summary, "too many steps"));
}

/* Parse text as an expression and evaluate it in the root scope. */
static const struct value *
evs(const char *text)
{
	struct source *src = source_new("t.hcl", text, strlen(text));
	const struct ast_expr *e;
	const struct value *v;
	struct eval_ctx ec;

	e = parse_expr(&A, src, &D);
	assert_int_equal(D.n, 0);
	eval_init(&ec, &A, &S, &D, src);
	v = eval_expr(&ec, e);
	/* Diagnostics keep a pointer to the source: drop them with it. */
	for (size_t i = 0; i < D.n; i++)
		D.v[i].src = NULL;
	source_free(src);
	return v;
}

static void
test_call_with_unknown_argument(void **state)
{
	const struct value *v;

	(void)state;
	scope_set_task(&S, "docker_run", "build", NULL);
	/* Called, upper would reject a list; it is not called at all. */
	v = evs("upper([task.docker_run.build.stdout])");
	assert_int_equal(v->kind, VAL_UNKNOWN);
	assert_null(v->u.unknown.ref);
	v = evs("upper(task.docker_run.build.stdout)");
	assert_int_equal(v->kind, VAL_UNKNOWN);
	v = evs("max([1, task.docker_run.build.exit_code]...)");
	assert_int_equal(v->kind, VAL_UNKNOWN);
	v = evs("tojson(1, {indent = task.docker_run.build.n}...)");
	assert_int_equal(v->kind, VAL_UNKNOWN);
	assert_int_equal(D.n, 0);
	/* A template over an unknown is unknown; unwrapped it keeps the ref. */
	assert_int_equal(evs("\"v${task.docker_run.build.stdout}\"")->kind,
	    VAL_UNKNOWN);
	v = evs("\"${task.docker_run.build.stdout}\"");
	assert_string_equal(v->u.unknown.ref, "task.docker_run.build.stdout");
	v = evs("task.docker_run.build.files[\"a b\"]");
	assert_string_equal(v->u.unknown.ref,
	    "task.docker_run.build.files[\"a b\"]");
	v = evs("task.docker_run.build.out.*.x");
	assert_int_equal(v->kind, VAL_UNKNOWN);
	assert_int_equal(D.n, 0);
}

static void
test_unknown_function_suggestion(void **state)
{
	(void)state;
	assert_int_equal(evs("uper(\"a\")")->kind, VAL_UNKNOWN);
	assert_int_equal(D.n, 1);
	assert_string_equal(D.v[0].summary, "unknown function 'uper'");
	assert_string_equal(D.v[0].detail, "did you mean 'upper'?");
	diag_list_release(&D);
	bind("var", "{\"name\": 1}");
	assert_int_equal(evs("vars.name")->kind, VAL_UNKNOWN);
	assert_string_equal(D.v[0].summary, "unknown variable 'vars'");
	assert_string_equal(D.v[0].detail, "did you mean 'var'?");
	diag_list_release(&D);
	assert_int_equal(evs("var.nam")->kind, VAL_UNKNOWN);
	assert_string_equal(D.v[0].summary, "unsupported attribute 'nam'");
	assert_string_equal(D.v[0].detail, "did you mean 'name'?");
}

static void
test_template_nfc(void **state)
{
	(void)state;
	/* "e" then a combining acute accent joined: NFC composes them. */
	bind("e", "\"e\"");
	assert_string_equal(js(evs("\"${e}\\u0301\"")), "\"\xc3\xa9\"");
}

/* Run hcl2json with the evaluating hook over text; the output or NULL. */
static char *
hcl2json_eval(const char *text)
{
	struct source *src = source_new("t.hcl", text, strlen(text));
	struct ast_body *body = parse_file(&A, src, &D);
	struct json_out o;
	struct eval_ctx ec;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	assert_int_equal(D.n, 0);
	eval_init(&ec, &A, &S, &D, src);
	if (!eval_body_check(&ec, body)) {
		for (size_t i = 0; i < D.n; i++)
			D.v[i].src = NULL;
		source_free(src);
		return NULL;
	}
	fp = open_memstream(&out, &len);
	assert_non_null(fp);
	json_out_init(&o, fp, src);
	o.attr_cb = eval_json_attr;
	o.attr_arg = &ec;
	json_write_body(&o, body);
	assert_int_equal(json_out_finish(&o), 0);
	fclose(fp);
	source_free(src);
	return out;
}

static void
test_hcl2json_hook(void **state)
{
	char *out;

	(void)state;
	bind("var", "{\"n\": 2}");
	out = hcl2json_eval("a = 1 + var.n\n"
	    "b \"x\" {\n  c = [for i in [1, 2] : {v = i * var.n}]\n"
	    "  d = {}\n}\n");
	assert_non_null(out);
	assert_string_equal(out, "{\n"
	    "    \"a\": 3,\n"
	    "    \"b\": {\n"
	    "        \"x\": [\n"
	    "            {\n"
	    "                \"c\": [\n"
	    "                    {\n"
	    "                        \"v\": 2\n"
	    "                    },\n"
	    "                    {\n"
	    "                        \"v\": 4\n"
	    "                    }\n"
	    "                ],\n"
	    "                \"d\": {}\n"
	    "            }\n"
	    "        ]\n"
	    "    }\n"
	    "}\n");
	free(out);
	/* Every error of the file is reported before anything is written. */
	assert_null(hcl2json_eval("a = nosuch\nb { c = 1 / 0 }\n"));
	assert_int_equal(D.n, 2);
	assert_string_equal(D.v[0].summary, "unknown variable 'nosuch'");
	assert_string_equal(D.v[1].summary, "division by zero");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_compare),
		cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_tasks, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pending_task_reference,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_circuit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_int64_edges, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_compare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conditional, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_splat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_for_object_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tree_with_missing_parts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_step_budget, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_call_with_unknown_argument,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_function_suggestion,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_nfc, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hcl2json_hook, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
