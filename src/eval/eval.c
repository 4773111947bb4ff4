#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "diag/diag.h"
#include "eval/eval.h"
#include "eval/func.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* The element a splat is visiting, found by its AST_SPLAT_ITEM node. */
struct eval_splat {
	const struct ast_expr *item;
	const struct value *val;
	struct eval_splat *prev;
};

/* Set up a context. */
void
eval_init(struct eval_ctx *ec, struct arena *a, struct scope *s,
    struct diag_list *dl, const struct source *src)
{
	memset(ec, 0, sizeof(*ec));
	ec->arena = a;
	ec->scope = s;
	ec->diags = dl;
	ec->root_diags = dl;
	ec->src = src;
}

/* Add an error on span sp; the caller may attach a detail. */
static struct diag *
eval_err(struct eval_ctx *ec, struct span sp, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct diag *
eval_err(struct eval_ctx *ec, struct span sp, const char *fmt, ...)
{
	struct diag *d;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	d = diag_error(ec->diags, ec->src, sp, "%s", msg);
	free(msg);
	return d;
}

/* The number of errors reported so far where this evaluation reports. */
static size_t
eval_errors(const struct eval_ctx *ec)
{
	return ec->diags->nerrors;
}

/* A number's text in the arena, for messages and references. */
static const char *
num_text(struct eval_ctx *ec, const struct value *v)
{
	struct buf b = BUF_INIT;
	const char *s;

	if (val_number_format(&b, v) != 0)
		fatal("num_text: cannot format a number");
	s = arena_strndup(ec->arena, buf_str(&b), b.len);
	buf_release(&b);
	return s;
}

/*
 * A string value as it appears in a message: its bytes up to the first NUL
 * and at most 60 of them, with "..." when cut.
 */
static const char *
str_text(struct eval_ctx *ec, const char *s, size_t len)
{
	size_t n = strnlen(s, len);

	if (n > 60)
		return arena_printf(ec->arena, "%.57s...", s);
	return arena_strndup(ec->arena, s, n);
}

/*
 * The span of a subexpression.  A tree with syntax errors may lack a part
 * (the parser reported it); its span is then empty.
 */
static struct span
espan(const struct ast_expr *e)
{
	return e != NULL ? e->span : span_make(0, 0);
}

/* Attach "did you mean 'x'?" when one of names is close to name. */
static void
eval_suggest(struct diag *d, const char *name, const char *const *names,
    size_t n, const char *otherwise)
{
	const char *s = diag_suggest(name, names, n);

	if (s != NULL)
		diag_set_detail(d, "did you mean '%s'?", s);
	else if (otherwise != NULL)
		diag_set_detail(d, "%s", otherwise);
}

/*
 * The span of a postfix step written after base: from the '.' or '[' that
 * starts it (searching back from the name or key to the end of base) to
 * end.  Without a source the name or key span itself.
 */
static struct span
step_span(const struct eval_ctx *ec, const struct ast_expr *base,
    struct span inner, uint32_t end)
{
	uint32_t start = inner.start;

	if (ec->src == NULL || base == NULL)
		return span_make(inner.start, end);
	while (start > base->span.end && start <= ec->src->len &&
	    ec->src->text[start - 1] != '.' && ec->src->text[start - 1] != '[')
		start--;
	if (start > base->span.end)
		start--;
	return span_make(start, end > start ? end : inner.end);
}

/*
 * Taking an attribute or index from an unknown value: a reference grows
 * by the step (task.docker_run.build + .stdout), so a dry run can show
 * what the value will be; without a reference the result is plain unknown.
 */
static const struct value *
unknown_step(struct eval_ctx *ec, const struct value *v, const char *name,
    const struct value *key)
{
	struct buf b = BUF_INIT;
	const struct value *r;

	if (v->u.unknown.ref == NULL)
		return val_unknown();
	buf_puts(&b, v->u.unknown.ref);
	if (name != NULL) {
		buf_putc(&b, '.');
		buf_puts(&b, name);
	} else if (key->kind == VAL_NUMBER) {
		buf_putc(&b, '[');
		val_number_format(&b, key);
		buf_putc(&b, ']');
	} else {
		buf_putc(&b, '[');
		jsonw_string(&b, key->u.str.s, key->u.str.len);
		buf_putc(&b, ']');
	}
	r = val_unknown_ref(ec->arena, buf_str(&b));
	buf_release(&b);
	return r;
}

/* v.name; sp is the step (".name"). */
static const struct value *
get_attr(struct eval_ctx *ec, const struct value *v, const char *name,
    struct span sp)
{
	const struct value *r;
	struct diag *d;
	const char **keys;

	switch (v->kind) {
	case VAL_UNKNOWN:
		return unknown_step(ec, v, name, NULL);
	case VAL_NULL:
		eval_err(ec, sp, "cannot get attribute '%s' of a null value",
		    name);
		return val_unknown();
	case VAL_OBJECT:
		r = val_object_cget(v, name);
		if (r != NULL)
			return r;
		d = eval_err(ec, sp, "unsupported attribute '%s'", name);
		keys = xreallocarray(NULL, v->u.obj.n + 1, sizeof(*keys));
		for (size_t i = 0; i < v->u.obj.n; i++)
			keys[i] = v->u.obj.members[i].key;
		eval_suggest(d, name, keys, v->u.obj.n,
		    "the object has no attribute of that name");
		free(keys);
		return val_unknown();
	default:
		diag_set_detail(eval_err(ec, sp, "unsupported attribute '%s'",
		    name), "a %s value has no attributes", val_kind_name(v->kind));
		return val_unknown();
	}
}

/* v[key]; sp is the step ("[key]" or ".N"). */
static const struct value *
get_index(struct eval_ctx *ec, const struct value *v, const struct value *key,
    struct span sp)
{
	const struct value *k, *r;
	struct diag *d;
	const char **keys;
	int64_t i;

	if (key->kind == VAL_UNKNOWN)
		return val_unknown();
	switch (v->kind) {
	case VAL_UNKNOWN:
		if (key->kind == VAL_NUMBER || key->kind == VAL_STRING)
			return unknown_step(ec, v, NULL, key);
		return val_unknown();
	case VAL_NULL:
		eval_err(ec, sp, "cannot index a null value");
		return val_unknown();
	case VAL_LIST:
		k = key->kind == VAL_NULL ? NULL : val_to_number(ec->arena, key);
		if (k == NULL) {
			eval_err(ec, sp, "invalid index: a number is required, "
			    "not %s", key->kind == VAL_STRING ? "a string" :
			    val_kind_name(key->kind));
			return val_unknown();
		}
		if (!val_number_int64(k, &i)) {
			eval_err(ec, sp, "invalid index %s: a whole number is "
			    "required", num_text(ec, k));
			return val_unknown();
		}
		if (i < 0 || (uint64_t)i >= v->u.list.n) {
			eval_err(ec, sp, "invalid index %" PRId64 ": the list "
			    "has %zu element%s", i, v->u.list.n,
			    v->u.list.n == 1 ? "" : "s");
			return val_unknown();
		}
		return v->u.list.items[i];
	case VAL_OBJECT:
		k = key->kind == VAL_NULL ? NULL : val_to_string(ec->arena, key);
		if (k == NULL) {
			eval_err(ec, sp, "invalid key: a string is required, "
			    "not %s", val_kind_name(key->kind));
			return val_unknown();
		}
		r = val_object_get(v, k->u.str.s, k->u.str.len);
		if (r != NULL)
			return r;
		d = eval_err(ec, sp, "invalid key '%s': the object has no "
		    "such element", str_text(ec, k->u.str.s, k->u.str.len));
		keys = xreallocarray(NULL, v->u.obj.n + 1, sizeof(*keys));
		for (size_t j = 0; j < v->u.obj.n; j++)
			keys[j] = v->u.obj.members[j].key;
		eval_suggest(d, k->u.str.s, keys, v->u.obj.n, NULL);
		free(keys);
		return val_unknown();
	default:
		eval_err(ec, sp, "cannot index a %s value",
		    val_kind_name(v->kind));
		return val_unknown();
	}
}

/*
 * A value that must be a bool (a condition, an operand of && || !).
 * Returns 1 or 0, or -1 when it is unknown or wrong (then reported, with
 * what naming the role: "condition", "left operand of '&&'").  As HCL
 * converts operands to the operator's type, "true" and "false" convert.
 */
static int
need_bool(struct eval_ctx *ec, const struct value *v, struct span sp,
    const char *what)
{
	const struct value *b;

	if (v->kind == VAL_UNKNOWN)
		return -1;
	b = val_to_bool(v);
	if (b == NULL) {
		eval_err(ec, sp, "%s must be a bool, not %s", what,
		    v->kind == VAL_STRING ? "a string" : val_kind_name(v->kind));
		return -1;
	}
	return b->u.b;
}

/*
 * A value that must be a number (an arithmetic or ordering operand):
 * numeric strings convert.  NULL when unknown or wrong (then reported).
 */
static const struct value *
need_number(struct eval_ctx *ec, const struct value *v, struct span sp,
    const char *what)
{
	const struct value *n;

	if (v->kind == VAL_UNKNOWN)
		return NULL;
	n = v->kind == VAL_NULL ? NULL : val_to_number(ec->arena, v);
	if (n == NULL) {
		if (v->kind == VAL_STRING)
			eval_err(ec, sp, "%s must be a number, not the string "
			    "'%s'", what, str_text(ec, v->u.str.s, v->u.str.len));
		else
			eval_err(ec, sp, "%s must be a number, not %s", what,
			    val_kind_name(v->kind));
	}
	return n;
}

/* Version-like comparison of two strings (eval.h). */
int
eval_version_compare(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	while (i < alen && j < blen) {
		bool da = a[i] >= '0' && a[i] <= '9';
		bool db = b[j] >= '0' && b[j] <= '9';
		size_t ei = i, ej = j, la, lb;
		int c;

		while (ei < alen && (a[ei] >= '0' && a[ei] <= '9') == da)
			ei++;
		while (ej < blen && (b[ej] >= '0' && b[ej] <= '9') == db)
			ej++;
		if (da && db) {
			/* Numeric value of any length: skip leading zeros,
			   then the longer run is larger, else bytewise. */
			while (i < ei - 1 && a[i] == '0')
				i++;
			while (j < ej - 1 && b[j] == '0')
				j++;
			la = ei - i;
			lb = ej - j;
			if (la != lb)
				return la < lb ? -1 : 1;
			c = memcmp(a + i, b + j, la);
		} else {
			la = ei - i;
			lb = ej - j;
			c = memcmp(a + i, b + j, la < lb ? la : lb);
			if (c == 0 && la != lb)
				c = la < lb ? -1 : 1;
		}
		if (c != 0)
			return c < 0 ? -1 : 1;
		i = ei;
		j = ej;
	}
	if (i < alen)
		return 1;
	if (j < blen)
		return -1;
	return 0;
}

/* A double result, or an error when it is not finite. */
static const struct value *
num_double(struct eval_ctx *ec, double d, const struct ast_expr *e)
{
	if (!isfinite(d)) {
		eval_err(ec, e->span, "the result of '%s' is out of range",
		    ast_op_str(e->op));
		return val_unknown();
	}
	return val_double(ec->arena, d);
}

/*
 * Arithmetic on two numbers: exact for int64s, falling back to doubles on
 * overflow.  Division gives an exact integer when it divides evenly (4/2
 * is 2), else a double (5/2 is 2.5).  Division and modulo by zero are
 * errors here: HCL would give an infinity, which has no JSON form.
 * Modulo is HCL's (cty's): the magnitude of a - b*trunc(a/b), so it is
 * never negative (-5 % 3 is 2).
 */
static const struct value *
arith(struct eval_ctx *ec, const struct ast_expr *e, const struct value *l,
    const struct value *r)
{
	enum ast_op op = e->op;
	int64_t x, y, z;
	bool ints = l->u.num.is_int && r->u.num.is_int;
	double a = val_number_double(l), b = val_number_double(r);

	x = l->u.num.i;
	y = r->u.num.i;
	if ((op == AST_OP_DIV || op == AST_OP_MOD) && b == 0) {
		eval_err(ec, espan(e->u.binary.rhs), "%s by zero",
		    op == AST_OP_DIV ? "division" : "modulo");
		return val_unknown();
	}
	switch (op) {
	case AST_OP_ADD:
		if (ints && !__builtin_add_overflow(x, y, &z))
			return val_int(ec->arena, z);
		return num_double(ec, a + b, e);
	case AST_OP_SUB:
		if (ints && !__builtin_sub_overflow(x, y, &z))
			return val_int(ec->arena, z);
		return num_double(ec, a - b, e);
	case AST_OP_MUL:
		if (ints && !__builtin_mul_overflow(x, y, &z))
			return val_int(ec->arena, z);
		return num_double(ec, a * b, e);
	case AST_OP_DIV:
		if (ints && !(x == INT64_MIN && y == -1) && x % y == 0)
			return val_int(ec->arena, x / y);
		return num_double(ec, a / b, e);
	case AST_OP_MOD:
		if (ints) {
			z = y == -1 ? 0 : x % y;
			return val_int(ec->arena, z < 0 ? -z : z);
		}
		return num_double(ec, fabs(fmod(a, b)), e);
	default:
		fatal("arith: bad operator %d", (int)op);
	}
}

/* The name of an operand for messages: "left operand of '+'". */
static const char *
operand_name(struct eval_ctx *ec, const struct ast_expr *e, bool left)
{
	return arena_printf(ec->arena, "%s operand of '%s'",
	    left ? "left" : "right", ast_op_str(e->op));
}

/*
 * && and ||, short-circuit: when the left operand decides the result the
 * right one is not evaluated.  With an unknown left operand a right
 * operand that decides (false for &&, true for ||) still gives a known
 * result, as cty does.
 */
static const struct value *
eval_logic(struct eval_ctx *ec, const struct ast_expr *e)
{
	bool is_and = e->op == AST_OP_AND;
	int l, r;

	l = need_bool(ec, eval_expr(ec, e->u.binary.lhs),
	    espan(e->u.binary.lhs), operand_name(ec, e, true));
	if (l >= 0 && (bool)l != is_and)
		return val_bool(l);
	r = need_bool(ec, eval_expr(ec, e->u.binary.rhs),
	    espan(e->u.binary.rhs), operand_name(ec, e, false));
	if (r >= 0 && (bool)r != is_and)
		return val_bool(r);
	if (l < 0 || r < 0)
		return val_unknown();
	return val_bool(r);
}

/* Ordering: numbers, or two strings of which one is not a number. */
static const struct value *
eval_order(struct eval_ctx *ec, const struct ast_expr *e,
    const struct value *l, const struct value *r)
{
	const struct value *nl, *nr;
	int c;

	if (l->kind == VAL_STRING && r->kind == VAL_STRING) {
		/*
		 * HCL converts numeric strings and compares numbers; runflow
		 * compares any other two strings as versions.
		 */
		nl = val_to_number(ec->arena, l);
		nr = val_to_number(ec->arena, r);
		if (nl != NULL && nr != NULL)
			c = val_number_compare(nl, nr);
		else
			c = eval_version_compare(l->u.str.s, l->u.str.len,
			    r->u.str.s, r->u.str.len);
	} else {
		nl = need_number(ec, l, espan(e->u.binary.lhs),
		    operand_name(ec, e, true));
		nr = need_number(ec, r, espan(e->u.binary.rhs),
		    operand_name(ec, e, false));
		if (nl == NULL || nr == NULL)
			return val_unknown();
		if (isnan(val_number_double(nl)) || isnan(val_number_double(nr)))
			return val_bool(false);
		c = val_number_compare(nl, nr);
	}
	switch (e->op) {
	case AST_OP_LT:
		return val_bool(c < 0);
	case AST_OP_GT:
		return val_bool(c > 0);
	case AST_OP_LE:
		return val_bool(c <= 0);
	default:
		return val_bool(c >= 0);
	}
}

/* A binary operation. */
static const struct value *
eval_binary(struct eval_ctx *ec, const struct ast_expr *e)
{
	enum ast_op op = e->op;
	const struct value *l, *r, *nl, *nr;

	if (op == AST_OP_AND || op == AST_OP_OR)
		return eval_logic(ec, e);
	l = eval_expr(ec, e->u.binary.lhs);
	r = eval_expr(ec, e->u.binary.rhs);
	switch (op) {
	case AST_OP_EQ:
	case AST_OP_NE:
		if (val_is_unknown(l) || val_is_unknown(r))
			return val_unknown();
		return val_bool(val_equal(l, r) == (op == AST_OP_EQ));
	case AST_OP_LT:
	case AST_OP_GT:
	case AST_OP_LE:
	case AST_OP_GE:
		if (l->kind == VAL_UNKNOWN || r->kind == VAL_UNKNOWN) {
			/* Still report a wrong operand on the other side. */
			if (l->kind != VAL_STRING && r->kind != VAL_STRING) {
				need_number(ec, l, espan(e->u.binary.lhs),
				    operand_name(ec, e, true));
				need_number(ec, r, espan(e->u.binary.rhs),
				    operand_name(ec, e, false));
			}
			return val_unknown();
		}
		return eval_order(ec, e, l, r);
	default:
		nl = need_number(ec, l, espan(e->u.binary.lhs),
		    operand_name(ec, e, true));
		nr = need_number(ec, r, espan(e->u.binary.rhs),
		    operand_name(ec, e, false));
		if (nl == NULL || nr == NULL)
			return val_unknown();
		return arith(ec, e, nl, nr);
	}
}

/* -x and !x. */
static const struct value *
eval_unary(struct eval_ctx *ec, const struct ast_expr *e)
{
	const struct value *v = eval_expr(ec, e->u.unary.operand);
	const char *what;
	int b;

	if (e->op == AST_OP_NOT) {
		b = need_bool(ec, v, espan(e->u.unary.operand),
		    "operand of '!'");
		return b < 0 ? val_unknown() : val_bool(!b);
	}
	what = "operand of unary '-'";
	v = need_number(ec, v, espan(e->u.unary.operand), what);
	if (v == NULL)
		return val_unknown();
	if (v->u.num.is_int && v->u.num.i != INT64_MIN)
		return val_int(ec->arena, -v->u.num.i);
	return val_double(ec->arena, -val_number_double(v));
}

/* A variable and its static steps. */
static const struct value *
eval_traversal(struct eval_ctx *ec, const struct ast_expr *e)
{
	const struct value *v, *key;
	const struct ast_step *st;
	const char **names;
	struct diag *d;
	size_t n;

	v = scope_lookup(ec->scope, e->u.trav.root);
	if (v == NULL) {
		d = eval_err(ec, ast_trav_root_span(e), "unknown variable '%s'",
		    e->u.trav.root);
		names = scope_names(ec->scope, &n);
		eval_suggest(d, e->u.trav.root, names, n, NULL);
		free(names);
		return val_unknown();
	}
	for (size_t i = 0; i < e->nsteps; i++) {
		st = &e->u.trav.steps[i];
		if (st->kind == AST_STEP_ATTR) {
			v = get_attr(ec, v, st->u.name, st->span);
		} else {
			key = eval_expr(ec, st->u.key);
			v = get_index(ec, v, key, st->span);
		}
		if (v->kind == VAL_UNKNOWN && v->u.unknown.ref == NULL)
			return v;
	}
	return v;
}

/*
 * Whether coll can be iterated by a for expression or %{for}: a list or an
 * object.  Reports anything else except unknown (which is silent).
 */
static bool
eval_iterable(struct eval_ctx *ec, const struct value *coll, struct span sp)
{
	switch (coll->kind) {
	case VAL_UNKNOWN:
		return false;
	case VAL_LIST:
	case VAL_OBJECT:
		return true;
	case VAL_NULL:
		eval_err(ec, sp, "cannot iterate over a null value");
		return false;
	default:
		diag_set_detail(eval_err(ec, sp, "cannot iterate over a %s "
		    "value", val_kind_name(coll->kind)),
		    "a 'for' needs a list or an object");
		return false;
	}
}

/* Number of elements of an iterable. */
static size_t
iter_len(const struct value *coll)
{
	return coll->kind == VAL_LIST ? coll->u.list.n : coll->u.obj.n;
}

/*
 * Bind the key (index or attribute name) and value of element i in s:
 * lists give their index, objects their key, visited in key order.
 */
static void
iter_bind(struct eval_ctx *ec, struct scope *s, const struct value *coll,
    size_t i, const char *key_var, const char *val_var)
{
	const struct val_member *m;

	if (coll->kind == VAL_LIST) {
		if (key_var != NULL)
			scope_set(s, key_var, val_int(ec->arena, (int64_t)i));
		scope_set(s, val_var, coll->u.list.items[i]);
	} else {
		m = &coll->u.obj.members[i];
		if (key_var != NULL)
			scope_set(s, key_var, val_string(ec->arena, m->key,
			    m->keylen));
		scope_set(s, val_var, m->val);
	}
}

/* Enter a scope for loop locals. */
static void
local_enter(struct eval_ctx *ec, struct scope *local)
{
	scope_init(local, ec->scope, NULL);
	ec->scope = local;
}

/* Leave it again. */
static void
local_leave(struct eval_ctx *ec, struct scope *local)
{
	ec->scope = local->parent;
	scope_release(local);
}

/* Whether evaluation stopped at its depth or step limit. */
static bool
eval_stopped(const struct eval_ctx *ec)
{
	return ec->limit_reported;
}

/*
 * A value used as an object key: strings, and numbers and bools converted.
 * NULL when unknown (*unknown set) or wrong (reported).
 */
static const struct value *
key_string(struct eval_ctx *ec, const struct value *k, struct span sp,
    bool *unknown)
{
	const struct value *s;

	if (k->kind == VAL_UNKNOWN) {
		*unknown = true;
		return NULL;
	}
	s = k->kind == VAL_NULL ? NULL : val_to_string(ec->arena, k);
	if (s == NULL) {
		eval_err(ec, sp, "invalid object key: a string is required, "
		    "not %s", val_kind_name(k->kind));
		return NULL;
	}
	if (memchr(s->u.str.s, '\0', s->u.str.len) != NULL) {
		eval_err(ec, sp, "invalid object key: it holds a NUL "
		    "character");
		return NULL;
	}
	return s;
}

/* One member of a for expression's result, with its element position. */
struct for_member {
	struct val_member m;
	size_t pos;
};

/* qsort comparator: by key, then element position. */
static int
for_member_compare(const void *pa, const void *pb)
{
	const struct for_member *a = pa, *b = pb;
	size_t n = a->m.keylen < b->m.keylen ? a->m.keylen : b->m.keylen;
	int c = memcmp(a->m.key, b->m.key, n);

	if (c == 0 && a->m.keylen != b->m.keylen)
		c = a->m.keylen < b->m.keylen ? -1 : 1;
	if (c != 0)
		return c;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/*
 * The object of an object for expression with grouping: each key's values
 * as a list in element order.
 */
static const struct value *
for_group(struct eval_ctx *ec, struct for_member *fm, size_t n)
{
	struct val_member *out = xreallocarray(NULL, n ? n : 1, sizeof(*out));
	const struct value **vals = xreallocarray(NULL, n ? n : 1,
	    sizeof(*vals));
	const struct value *r;
	size_t i, j, k, nout = 0;

	qsort(fm, n, sizeof(*fm), for_member_compare);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && fm[j].m.keylen == fm[i].m.keylen &&
		    memcmp(fm[j].m.key, fm[i].m.key, fm[i].m.keylen) == 0; j++)
			;
		for (k = i; k < j; k++)
			vals[k - i] = fm[k].m.val;
		out[nout] = fm[i].m;
		out[nout].val = val_list(ec->arena, vals, j - i);
		nout++;
	}
	r = val_object(ec->arena, out, nout, NULL);
	free(vals);
	free(out);
	if (r == NULL)
		fatal("for_group: duplicate key after grouping");
	return r;
}

/*
 * [for k, v in coll : val if cond] and {for k, v in coll : key => val...
 * if cond}.  Evaluation stops at the first element whose expressions
 * report an error: the same mistake would otherwise be reported once per
 * element.
 */
static const struct value *
eval_for(struct eval_ctx *ec, const struct ast_expr *e)
{
	const struct ast_for *f = e->u.forx;
	const struct value *coll, *k, *v, *r = NULL;
	struct for_member *fm;
	struct val_member *members;
	struct scope local;
	size_t n, nout = 0, errs = eval_errors(ec), dup;
	bool unknown = false;
	int c;

	coll = eval_expr(ec, f->coll);
	if (!eval_iterable(ec, coll, espan(f->coll)))
		return val_unknown();
	n = iter_len(coll);
	fm = xreallocarray(NULL, n ? n : 1, sizeof(*fm));
	local_enter(ec, &local);
	for (size_t i = 0; i < n; i++) {
		iter_bind(ec, &local, coll, i, f->key_var, f->val_var);
		if (f->cond != NULL) {
			c = need_bool(ec, eval_expr(ec, f->cond), espan(f->cond),
			    "'if' condition");
			if (c < 0) {
				unknown = true;
				if (eval_errors(ec) != errs || eval_stopped(ec))
					break;
				continue;
			}
			if (c == 0)
				continue;
		}
		k = NULL;
		if (f->object) {
			k = key_string(ec, eval_expr(ec, f->key), espan(f->key),
			    &unknown);
		}
		v = eval_expr(ec, f->val);
		if (eval_errors(ec) != errs || eval_stopped(ec))
			break;
		if (f->object && k == NULL)
			continue;
		fm[nout].m.key = k != NULL ? k->u.str.s : NULL;
		fm[nout].m.keylen = k != NULL ? k->u.str.len : 0;
		fm[nout].m.val = v;
		fm[nout].pos = i;
		nout++;
	}
	local_leave(ec, &local);
	if (eval_errors(ec) != errs || eval_stopped(ec) || unknown) {
		free(fm);
		return val_unknown();
	}
	if (!f->object) {
		const struct value **items = xreallocarray(NULL,
		    nout ? nout : 1, sizeof(*items));

		for (size_t i = 0; i < nout; i++)
			items[i] = fm[i].m.val;
		r = val_list(ec->arena, items, nout);
		free(items);
	} else if (f->group) {
		r = for_group(ec, fm, nout);
	} else {
		members = xreallocarray(NULL, nout ? nout : 1,
		    sizeof(*members));
		for (size_t i = 0; i < nout; i++)
			members[i] = fm[i].m;
		r = val_object(ec->arena, members, nout, &dup);
		if (r == NULL) {
			diag_set_detail(eval_err(ec, espan(f->key),
			    "duplicate key '%s' in a 'for' expression",
			    str_text(ec, members[dup].key, members[dup].keylen)),
			    "add '...' after the value expression to group "
			    "the values of each key into a list");
			r = val_unknown();
		}
		free(members);
	}
	free(fm);
	return r;
}

/* a.*.b and a[*].b[0]: each is evaluated once per element. */
static const struct value *
eval_splat(struct eval_ctx *ec, const struct ast_expr *e)
{
	const struct value *src, *const *items, *r;
	const struct value **out;
	struct eval_splat frame;
	size_t n, errs = eval_errors(ec);

	src = eval_expr(ec, e->u.splat->source);
	if (src->kind == VAL_UNKNOWN)
		return val_unknown();
	if (src->kind == VAL_NULL)
		return val_list(ec->arena, NULL, 0);
	if (src->kind == VAL_LIST) {
		items = src->u.list.items;
		n = src->u.list.n;
	} else {
		items = &src;
		n = 1;
	}
	out = xreallocarray(NULL, n ? n : 1, sizeof(*out));
	frame.item = e->u.splat->item;
	frame.prev = ec->splat;
	ec->splat = &frame;
	for (size_t i = 0; i < n; i++) {
		frame.val = items[i];
		out[i] = eval_expr(ec, e->u.splat->each);
		if (eval_errors(ec) != errs || eval_stopped(ec))
			break;
	}
	ec->splat = frame.prev;
	r = eval_errors(ec) != errs || eval_stopped(ec) ? val_unknown() :
	    val_list(ec->arena, out, n);
	free(out);
	return r;
}

/* The element of the innermost splat that owns item. */
static const struct value *
eval_splat_item(struct eval_ctx *ec, const struct ast_expr *item)
{
	for (struct eval_splat *s = ec->splat; s != NULL; s = s->prev)
		if (s->item == item)
			return s->val;
	fatal("eval_splat_item: splat item outside its splat");
}

/* Build the object of an object constructor. */
static const struct value *
eval_object(struct eval_ctx *ec, const struct ast_expr *e)
{
	const struct ast_item *it;
	struct val_member *m;
	const struct value *k, *r;
	size_t n = e->u.object.n, errs = eval_errors(ec), dup;
	bool unknown = false;

	m = xreallocarray(NULL, n ? n : 1, sizeof(*m));
	for (size_t i = 0; i < n; i++) {
		it = &e->u.object.items[i];
		m[i].key = "";
		m[i].keylen = 0;
		if (it->key == NULL) {
			unknown = true;
		} else if (it->key_ident) {
			m[i].key = it->key->u.trav.root;
			m[i].keylen = strlen(m[i].key);
		} else if (it->key != NULL && it->key->kind == AST_TRAVERSAL &&
		    it->key->nsteps > 0) {
			/* HCL: is it a reference or a name with dots? */
			diag_set_detail(eval_err(ec, espan(it->key),
			    "ambiguous object key"), "put the key in "
			    "parentheses to use the value it refers to, or in "
			    "quotes for a name with dots in it");
		} else {
			k = key_string(ec, eval_expr(ec, it->key),
			    espan(it->key), &unknown);
			if (k != NULL) {
				m[i].key = k->u.str.s;
				m[i].keylen = k->u.str.len;
			}
		}
		m[i].val = eval_expr(ec, it->value);
	}
	if (eval_errors(ec) != errs || unknown) {
		free(m);
		return val_unknown();
	}
	r = val_object(ec->arena, m, n, &dup);
	if (r == NULL) {
		eval_err(ec, espan(e->u.object.items[dup].key),
		    "duplicate object key '%s'",
		    str_text(ec, m[dup].key, m[dup].keylen));
		r = val_unknown();
	}
	free(m);
	return r;
}

/* A tuple constructor. */
static const struct value *
eval_tuple(struct eval_ctx *ec, const struct ast_expr *e)
{
	size_t n = e->u.tuple.n;
	const struct value **items = xreallocarray(NULL, n ? n : 1,
	    sizeof(*items));
	const struct value *r;

	for (size_t i = 0; i < n; i++)
		items[i] = eval_expr(ec, e->u.tuple.items[i]);
	r = val_list(ec->arena, items, n);
	free(items);
	return r;
}

/* A function call. */
static const struct value *
eval_call(struct eval_ctx *ec, const struct ast_expr *e)
{
	const struct func_def *def;
	const struct value **args, *last, *opts = NULL, *r;
	const struct ast_expr *lastx;
	const char *const *names;
	struct span *spans;
	struct func_call call;
	struct diag *d;
	size_t nargs = e->u.call->nargs, n = 0, errs = eval_errors(ec), nn;
	bool unknown = false;

	def = func_lookup(e->u.call->name);
	if (def == NULL) {
		d = eval_err(ec, e->u.call->name_span, "unknown function '%s'",
		    e->u.call->name);
		names = func_names(&nn);
		eval_suggest(d, e->u.call->name, names, nn, NULL);
	}
	last = NULL;
	lastx = nargs > 0 ? e->u.call->args[nargs - 1] : NULL;
	args = xreallocarray(NULL, nargs + 1, sizeof(*args));
	spans = xreallocarray(NULL, nargs + 1, sizeof(*spans));
	for (size_t i = 0; i < nargs; i++) {
		const struct value *v = eval_expr(ec, e->u.call->args[i]);

		if ((e->flags & AST_F_EXPAND) && i == nargs - 1) {
			last = v;
			break;
		}
		if (val_is_unknown(v))
			unknown = true;
		args[n] = v;
		spans[n] = espan(e->u.call->args[i]);
		n++;
	}
	if (last != NULL) {
		switch (last->kind) {
		case VAL_UNKNOWN:
			unknown = true;
			break;
		case VAL_LIST:
			args = xreallocarray(args, n + last->u.list.n + 1,
			    sizeof(*args));
			spans = xreallocarray(spans, n + last->u.list.n + 1,
			    sizeof(*spans));
			for (size_t i = 0; i < last->u.list.n; i++) {
				args[n] = last->u.list.items[i];
				spans[n] = espan(lastx);
				n++;
			}
			if (val_is_unknown(last))
				unknown = true;
			break;
		case VAL_OBJECT:
			/* runflow: named options, tojson(v, {indent = 2}...) */
			opts = last;
			if (val_is_unknown(last))
				unknown = true;
			break;
		default:
			diag_set_detail(eval_err(ec, espan(lastx), "cannot expand "
			    "%s with '...'", last->kind == VAL_NULL ? "null" :
			    arena_printf(ec->arena, "a %s",
			    val_kind_name(last->kind))), "only a list (its "
			    "elements become arguments) or an object (named "
			    "options) can be expanded");
			break;
		}
	}
	r = val_unknown();
	if (def != NULL && eval_errors(ec) == errs && !unknown &&
	    !eval_stopped(ec)) {
		memset(&call, 0, sizeof(call));
		call.name = e->u.call->name;
		call.arena = ec->arena;
		call.args = args;
		call.nargs = n;
		call.opts = opts;
		call.diags = ec->diags;
		call.src = ec->src;
		call.span = e->span;
		call.arg_spans = spans;
		r = func_invoke(def, &call);
		if (r == NULL)
			r = val_unknown();
	}
	free(spans);
	free(args);
	return r;
}

/*
 * The type two conditional results unify to (HCL's unification, for the
 * kinds values have here): null and unknown go with anything, equal kinds
 * stay, two different kinds among bool, number and string give string.
 * Returns false when they do not unify (a list and an object, say).
 */
static bool
unify(const struct value *a, const struct value *b, enum val_kind *out)
{
	enum val_kind ka = a->kind, kb = b->kind;

	if (ka == VAL_UNKNOWN || ka == VAL_NULL) {
		*out = kb;
		return true;
	}
	if (kb == VAL_UNKNOWN || kb == VAL_NULL || ka == kb) {
		*out = ka;
		return true;
	}
	if ((ka == VAL_BOOL || ka == VAL_NUMBER || ka == VAL_STRING) &&
	    (kb == VAL_BOOL || kb == VAL_NUMBER || kb == VAL_STRING)) {
		*out = VAL_STRING;
		return true;
	}
	return false;
}

/* Copy the records of from into to (the chosen branch's errors). */
static void
diag_replay(struct diag_list *to, const struct diag_list *from)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct diag *f = &from->v[i];
		struct diag *d = diag_add(to, f->severity, f->src, f->subject,
		    "%s", f->summary);

		if (f->detail != NULL)
			diag_set_detail(d, "%s", f->detail);
	}
}

/*
 * c ? a : b.  As in HCL both results are evaluated, so their types can be
 * unified, but only the chosen one's errors are reported: `length(xs) > 0
 * ? xs[0] : ""` is fine for an empty xs.  With an unknown condition the
 * result is unknown and neither branch's errors are reported.
 */
static const struct value *
eval_cond(struct eval_ctx *ec, const struct ast_expr *e)
{
	struct diag_list dt = DIAG_LIST_INIT, df = DIAG_LIST_INIT;
	struct diag_list *saved = ec->diags;
	const struct value *c, *t, *f, *r;
	enum val_kind kind = VAL_NULL;
	bool ok;
	int b;

	c = eval_expr(ec, e->u.cond->cond);
	ec->diags = &dt;
	t = eval_expr(ec, e->u.cond->then_expr);
	ec->diags = &df;
	f = eval_expr(ec, e->u.cond->else_expr);
	ec->diags = saved;
	ok = unify(t, f, &kind);
	b = need_bool(ec, c, espan(e->u.cond->cond), "condition");
	if (b >= 0)
		diag_replay(ec->diags, b ? &dt : &df);
	diag_list_release(&dt);
	diag_list_release(&df);
	if (!ok) {
		diag_set_detail(eval_err(ec, span_make(
		    espan(e->u.cond->then_expr).start,
		    espan(e->u.cond->else_expr).end),
		    "inconsistent conditional result types"),
		    "the true result is %s but the false result is %s; both "
		    "must have the same type", val_kind_name(t->kind),
		    val_kind_name(f->kind));
		return val_unknown();
	}
	if (b < 0)
		return val_unknown();
	r = b ? t : f;
	if (kind == VAL_STRING && (r->kind == VAL_NUMBER || r->kind == VAL_BOOL))
		r = val_to_string(ec->arena, r);
	return r;
}

static void tpl_render(struct eval_ctx *ec, const struct ast_template *tpl,
    struct buf *b, bool *unknown);

/* Append an interpolated value; null, lists and objects are errors. */
static void
tpl_append(struct eval_ctx *ec, const struct value *v, struct span sp,
    struct buf *b, bool *unknown)
{
	const struct value *s;

	switch (v->kind) {
	case VAL_UNKNOWN:
		*unknown = true;
		return;
	case VAL_NULL:
		diag_set_detail(eval_err(ec, sp, "invalid template "
		    "interpolation value: null"), "a null value cannot be "
		    "included in a string; use a conditional or coalesce() to "
		    "give a default");
		*unknown = true;
		return;
	case VAL_LIST:
	case VAL_OBJECT:
		diag_set_detail(eval_err(ec, sp, "invalid template "
		    "interpolation value: %s", val_kind_name(v->kind)),
		    "only strings, numbers and bools can be included in a "
		    "string; use jsonencode() or join() to make one");
		*unknown = true;
		return;
	default:
		s = val_to_string(ec->arena, v);
		buf_append(b, s->u.str.s, s->u.str.len);
		return;
	}
}

/* %{for k, v in coll}...%{endfor} */
static void
tpl_for(struct eval_ctx *ec, const struct ast_tpl_for *fd, struct buf *b,
    bool *unknown)
{
	const struct value *coll = eval_expr(ec, fd->coll);
	struct scope local;
	size_t errs = eval_errors(ec);

	if (!eval_iterable(ec, coll, espan(fd->coll))) {
		*unknown = true;
		return;
	}
	local_enter(ec, &local);
	for (size_t i = 0; i < iter_len(coll); i++) {
		iter_bind(ec, &local, coll, i, fd->key_var, fd->val_var);
		tpl_render(ec, &fd->body, b, unknown);
		if (eval_errors(ec) != errs || eval_stopped(ec))
			break;
	}
	local_leave(ec, &local);
}

/* Render the parts of a template into b. */
static void
tpl_render(struct eval_ctx *ec, const struct ast_template *tpl,
    struct buf *b, bool *unknown)
{
	const struct ast_tpl_part *p;
	int c;

	for (size_t i = 0; i < tpl->nparts; i++) {
		p = &tpl->parts[i];
		switch (p->kind) {
		case AST_TPL_LITERAL:
			buf_append(b, p->u.lit.s, p->u.lit.len);
			break;
		case AST_TPL_INTERP:
			tpl_append(ec, eval_expr(ec, p->u.interp),
			    espan(p->u.interp), b, unknown);
			break;
		case AST_TPL_IF:
			if (p->u.ifd == NULL) {
				*unknown = true;
				break;
			}
			c = need_bool(ec, eval_expr(ec, p->u.ifd->cond),
			    espan(p->u.ifd->cond), "condition");
			if (c < 0)
				*unknown = true;
			else if (c)
				tpl_render(ec, &p->u.ifd->then_parts, b,
				    unknown);
			else
				tpl_render(ec, &p->u.ifd->else_parts, b,
				    unknown);
			break;
		case AST_TPL_FOR:
			if (p->u.ford == NULL) {
				*unknown = true;
				break;
			}
			tpl_for(ec, p->u.ford, b, unknown);
			break;
		}
		if (eval_stopped(ec))
			break;
	}
}

/*
 * A string value of the len bytes at s normalised to NFC, as HCL's
 * strings always are (a template joins parts that each were NFC, and
 * joining can break that).  Bytes that are not UTF-8 are kept as they are.
 */
static const struct value *
nfc_string(struct eval_ctx *ec, const char *s, size_t len)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n;
	const struct value *v;
	size_t i;

	for (i = 0; i < len && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == len || utf8_invalid_at(s, len) != len)
		return val_string(ec->arena, s, len);
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
	    &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return val_string(ec->arena, s, len);
	v = val_string(ec->arena, (const char *)out, (size_t)n);
	free(out);
	return v;
}

/* A template: one lone interpolation is unwrapped, else a string. */
static const struct value *
eval_template(struct eval_ctx *ec, const struct ast_expr *e)
{
	const struct ast_template *tpl = &e->u.tpl;
	struct buf b = BUF_INIT;
	const struct value *r;
	bool unknown = false;

	if (tpl->nparts == 1 && tpl->parts[0].kind == AST_TPL_INTERP)
		return eval_expr(ec, tpl->parts[0].u.interp);
	tpl_render(ec, tpl, &b, &unknown);
	r = unknown ? val_unknown() : nfc_string(ec, buf_str(&b), b.len);
	buf_release(&b);
	return r;
}

/* A literal. */
static const struct value *
eval_literal(struct eval_ctx *ec, const struct ast_expr *e)
{
	const struct value *v;

	switch (e->u.lit.kind) {
	case AST_LIT_NULL:
		return val_null();
	case AST_LIT_BOOL:
		return val_bool(e->u.lit.b);
	case AST_LIT_NUMBER:
		v = val_number_parse(ec->arena, e->u.lit.s, e->u.lit.len);
		if (v == NULL) {
			eval_err(ec, e->span, "number '%s' is out of range",
			    str_text(ec, e->u.lit.s, e->u.lit.len));
			return val_unknown();
		}
		return v;
	case AST_LIT_STRING:
		return val_string(ec->arena, e->u.lit.s, e->u.lit.len);
	}
	fatal("eval_literal: bad literal kind %d", (int)e->u.lit.kind);
}

/* Evaluate one node, by kind. */
static const struct value *
eval_node(struct eval_ctx *ec, const struct ast_expr *e)
{
	const struct value *v;

	switch (e->kind) {
	case AST_INVALID:
		return val_unknown();
	case AST_LITERAL:
		return eval_literal(ec, e);
	case AST_TEMPLATE:
		return eval_template(ec, e);
	case AST_TUPLE:
		return eval_tuple(ec, e);
	case AST_OBJECT:
		return eval_object(ec, e);
	case AST_CALL:
		return e->u.call != NULL ? eval_call(ec, e) : val_unknown();
	case AST_COND:
		return eval_cond(ec, e);
	case AST_BINARY:
		return eval_binary(ec, e);
	case AST_UNARY:
		return eval_unary(ec, e);
	case AST_TRAVERSAL:
		return eval_traversal(ec, e);
	case AST_INDEX:
		v = eval_expr(ec, e->u.index.coll);
		return get_index(ec, v, eval_expr(ec, e->u.index.key),
		    step_span(ec, e->u.index.coll, espan(e->u.index.key),
		    e->span.end));
	case AST_GETATTR:
		v = eval_expr(ec, e->u.getattr.obj);
		return get_attr(ec, v, e->u.getattr.name, step_span(ec,
		    e->u.getattr.obj, ast_getattr_name_span(e), e->span.end));
	case AST_SPLAT:
		return eval_splat(ec, e);
	case AST_SPLAT_ITEM:
		return eval_splat_item(ec, e);
	case AST_FOR:
		return e->u.forx != NULL ? eval_for(ec, e) : val_unknown();
	case AST_PAREN:
		return eval_expr(ec, e->u.paren.inner);
	}
	fatal("eval_node: bad expression kind %d", (int)e->kind);
}

/* Evaluate e, guarding recursion depth and the step budget. */
const struct value *
eval_expr(struct eval_ctx *ec, const struct ast_expr *e)
{
	const struct value *v;

	/*
	 * A tree with syntax errors may lack a part (the parser reported
	 * it); treat it as AST_INVALID.
	 */
	if (e == NULL || ec->limit_reported)
		return val_unknown();
	if (ec->depth >= EVAL_MAX_DEPTH) {
		ec->limit_reported = true;
		diag_error(ec->root_diags, ec->src, e->span,
		    "expression is nested too deeply to evaluate (more than "
		    "%d levels)", EVAL_MAX_DEPTH);
		return val_unknown();
	}
	if (ec->max_steps != 0 && ++ec->steps > ec->max_steps) {
		ec->limit_reported = true;
		diag_error(ec->root_diags, ec->src, e->span,
		    "expression takes too many steps to evaluate (more than "
		    "%lu)", ec->max_steps);
		return val_unknown();
	}
	ec->depth++;
	v = eval_node(ec, e);
	ec->depth--;
	return v;
}

/* Evaluate e and convert the result to a string. */
const struct value *
eval_string(struct eval_ctx *ec, const struct ast_expr *e)
{
	const struct value *v = eval_expr(ec, e);
	const struct value *s;

	if (v->kind == VAL_UNKNOWN)
		return v;
	s = v->kind == VAL_NULL ? NULL : val_to_string(ec->arena, v);
	if (s == NULL) {
		eval_err(ec, e->span, "a string is required, not %s",
		    val_kind_name(v->kind));
		return val_unknown();
	}
	return s;
}

/* Check the attributes of a body and its blocks, depth first. */
bool
eval_body_check(struct eval_ctx *ec, const struct ast_body *b)
{
	size_t errs = eval_errors(ec);

	for (uint32_t i = 0; i < b->nattrs; i++)
		(void)eval_expr(ec, b->attrs[i].expr);
	for (uint32_t i = 0; i < b->nblocks; i++)
		(void)eval_body_check(ec, &b->blocks[i].body);
	return eval_errors(ec) == errs;
}

/* Write an attribute's evaluated value into hcl2json's output. */
int
eval_json_attr(struct json_out *o, const struct ast_attr *attr, void *arg)
{
	struct eval_ctx *ec = arg;
	struct val_json_opts opts = { .indent = 4, .unknown_as_ref = true };
	struct buf b = BUF_INIT;
	const struct value *v;
	size_t errs = eval_errors(ec), start = 0;

	v = eval_expr(ec, attr->expr);
	if (eval_errors(ec) != errs)
		return -1;
	if (val_to_json(&b, v, &opts) != 0) {
		eval_err(ec, espan(attr->expr), "the value of '%s' cannot be "
		    "written as JSON: it holds an infinity or NaN", attr->name);
		buf_release(&b);
		return -1;
	}
	/*
	 * Indent every line after the first to the output's depth: JSON
	 * strings hold no raw newline, so each one is between items.
	 */
	for (size_t i = 0; i < b.len; i++) {
		if (b.data[i] != '\n')
			continue;
		json_out_raw(o, b.data + start, i - start);
		json_out_newline(o);
		start = i + 1;
	}
	json_out_raw(o, b.data + start, b.len - start);
	buf_release(&b);
	return 0;
}
