#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval/func_lib.h"
#include "util/xmalloc.h"

/* range() refuses to build more numbers than this. */
#define RANGE_MAX 1048576

/* concat(lists...): the items of every list, in order. */
static const struct value *
fn_concat(struct func_call *call)
{
	const struct value **items, *l;
	size_t n = 0, k = 0, a;

	for (a = 0; a < call->nargs; a++) {
		if ((l = func_arg_kind(call, a, VAL_LIST)) == NULL)
			return NULL;
		n += l->u.list.n;
	}
	items = arena_calloc(call->arena, n ? n : 1, sizeof(*items));
	for (a = 0; a < call->nargs; a++)
		for (size_t i = 0; i < call->args[a]->u.list.n; i++)
			items[k++] = call->args[a]->u.list.items[i];
	return val_list(call->arena, items, n);
}

/* keys(object): its keys in order. */
static const struct value *
fn_keys(struct func_call *call)
{
	const struct value *o = func_arg_kind(call, 0, VAL_OBJECT);
	const struct value **items;

	if (o == NULL)
		return NULL;
	items = arena_calloc(call->arena, o->u.obj.n ? o->u.obj.n : 1,
	    sizeof(*items));
	for (size_t i = 0; i < o->u.obj.n; i++)
		items[i] = val_string(call->arena, o->u.obj.members[i].key,
		    o->u.obj.members[i].keylen);
	return val_list(call->arena, items, o->u.obj.n);
}

/* values(object): its values in key order. */
static const struct value *
fn_values(struct func_call *call)
{
	const struct value *o = func_arg_kind(call, 0, VAL_OBJECT);
	const struct value **items;

	if (o == NULL)
		return NULL;
	items = arena_calloc(call->arena, o->u.obj.n ? o->u.obj.n : 1,
	    sizeof(*items));
	for (size_t i = 0; i < o->u.obj.n; i++)
		items[i] = o->u.obj.members[i].val;
	return val_list(call->arena, items, o->u.obj.n);
}

/* lookup(object, key[, default]): the member, or the default. */
static const struct value *
fn_lookup(struct func_call *call)
{
	const struct value *o = func_arg_kind(call, 0, VAL_OBJECT);
	const struct value *k = func_arg_string(call, 1), *v;
	const char **names, *best;
	struct diag *d;

	if (o == NULL || k == NULL)
		return NULL;
	v = val_object_get(o, k->u.str.s, k->u.str.len);
	if (v != NULL)
		return v;
	if (call->nargs == 3)
		return call->args[2];
	func_error(call, 1, "no key '%s' in the object", k->u.str.s);
	names = xreallocarray(NULL, o->u.obj.n ? o->u.obj.n : 1,
	    sizeof(*names));
	for (size_t i = 0; i < o->u.obj.n; i++)
		names[i] = o->u.obj.members[i].key;
	best = diag_suggest(k->u.str.s, names, o->u.obj.n);
	if (best != NULL) {
		d = &call->diags->v[call->diags->n - 1];
		diag_set_detail(d, "did you mean '%s'?", best);
	}
	free(names);
	return NULL;
}

/* merge(objects...): one object; later arguments win; nulls are skipped. */
static const struct value *
fn_merge(struct func_call *call)
{
	struct val_member *m;
	const struct value *o, *r;
	size_t n = 0, a, i, j, total = 0;

	for (a = 0; a < call->nargs; a++) {
		if (call->args[a]->kind == VAL_NULL)
			continue;
		if ((o = func_arg_kind(call, a, VAL_OBJECT)) == NULL)
			return NULL;
		total += o->u.obj.n;
	}
	m = xreallocarray(NULL, total ? total : 1, sizeof(*m));
	for (a = 0; a < call->nargs; a++) {
		o = call->args[a];
		if (o->kind == VAL_NULL)
			continue;
		for (i = 0; i < o->u.obj.n; i++) {
			const struct val_member *src = &o->u.obj.members[i];

			/* A later object replaces an earlier member. */
			for (j = 0; j < n; j++)
				if (m[j].keylen == src->keylen &&
				    memcmp(m[j].key, src->key, src->keylen) == 0)
					break;
			m[j] = *src;
			if (j == n)
				n++;
		}
	}
	r = val_object(call->arena, m, n, NULL);
	free(m);
	return r;
}

/* contains(list, value): whether an item equals value (type-strict). */
static const struct value *
fn_contains(struct func_call *call)
{
	const struct value *l = func_arg_kind(call, 0, VAL_LIST);

	if (l == NULL)
		return NULL;
	for (size_t i = 0; i < l->u.list.n; i++)
		if (val_equal(l->u.list.items[i], call->args[1]))
			return val_bool(true);
	return val_bool(false);
}

/* length(v) and len(v): characters of a string, items, members. */
static const struct value *
fn_length(struct func_call *call)
{
	const struct value *v = call->args[0];

	switch (v->kind) {
	case VAL_STRING:
		return val_int(call->arena, (int64_t)func_char_count(v->u.str.s,
		    v->u.str.len));
	case VAL_LIST:
		return val_int(call->arena, (int64_t)v->u.list.n);
	case VAL_OBJECT:
		return val_int(call->arena, (int64_t)v->u.obj.n);
	default:
		return func_error(call, 0, "string, list or object required, "
		    "got %s", func_kind(v));
	}
}

/* coalesce(values...): the first that is neither null nor "". */
static const struct value *
fn_coalesce(struct func_call *call)
{
	for (size_t a = 0; a < call->nargs; a++) {
		const struct value *v = call->args[a];

		if (v->kind == VAL_NULL ||
		    (v->kind == VAL_STRING && v->u.str.len == 0))
			continue;
		return v;
	}
	return func_error(call, -1, "every argument of 'coalesce' is null or "
	    "an empty string");
}

/* Add b to the exact or floating sum in *acc. */
static const struct value *
num_add(struct arena *a, const struct value *x, const struct value *y)
{
	int64_t i, j, r;

	if (val_number_int64(x, &i) && val_number_int64(y, &j) &&
	    x->u.num.is_int && y->u.num.is_int &&
	    !__builtin_add_overflow(i, j, &r))
		return val_int(a, r);
	return val_double(a, val_number_double(x) + val_number_double(y));
}

/* sum(list[, start]): start (0) plus every item, which must be numbers. */
static const struct value *
fn_sum(struct func_call *call)
{
	const struct value *l = func_arg_kind(call, 0, VAL_LIST), *acc, *n;

	if (l == NULL)
		return NULL;
	acc = val_int(call->arena, 0);
	if (call->nargs == 2 && (acc = func_arg_number(call, 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < l->u.list.n; i++) {
		n = val_to_number(call->arena, l->u.list.items[i]);
		if (n == NULL)
			return func_error(call, 0, "item %zu must be a number, "
			    "got %s", i, func_kind(l->u.list.items[i]));
		acc = num_add(call->arena, acc, n);
	}
	return acc;
}

/*
 * The items min, max and sorted work on: the items of a single list
 * argument, or the arguments themselves.  *from names the argument
 * index for messages.
 */
static const struct value *const *
minmax_items(struct func_call *call, size_t *n, int *from)
{
	if (call->nargs == 1 && call->args[0]->kind == VAL_LIST) {
		*n = call->args[0]->u.list.n;
		*from = 0;
		return call->args[0]->u.list.items;
	}
	*n = call->nargs;
	*from = -1;
	return call->args;
}

/*
 * Decide how a set of values compares: 'n' when every one is a number or
 * converts to one (HCL), 's' when every one is a string, 0 otherwise.
 * Converted numbers go to conv.
 */
static int
order_kind(struct arena *a, const struct value *const *items, size_t n,
    const struct value **conv)
{
	bool strings = true, numbers = true;

	for (size_t i = 0; i < n; i++) {
		conv[i] = val_to_number(a, items[i]);
		if (conv[i] == NULL || items[i]->kind == VAL_BOOL)
			numbers = false;
		if (items[i]->kind != VAL_STRING)
			strings = false;
	}
	return numbers ? 'n' : strings ? 's' : 0;
}

/* Compare two strings bytewise (code point order). */
static int
str_compare(const struct value *a, const struct value *b)
{
	size_t n = a->u.str.len < b->u.str.len ? a->u.str.len : b->u.str.len;
	int c = memcmp(a->u.str.s, b->u.str.s, n);

	if (c != 0)
		return c;
	return a->u.str.len < b->u.str.len ? -1 : a->u.str.len > b->u.str.len;
}

/* Report values that cannot be ordered. */
static const struct value *
order_error(struct func_call *call, int from)
{
	if (from < 0)
		return func_error(call, -1, "arguments of '%s' must be all "
		    "numbers or all strings", call->name);
	return func_error(call, from, "items must be all numbers or all "
	    "strings");
}

/* min and max: sign -1 picks the least, +1 the greatest. */
static const struct value *
minmax(struct func_call *call, int sign)
{
	const struct value *const *items;
	const struct value **conv, *best = NULL;
	size_t n, bi = 0;
	int from, kind, c;

	items = minmax_items(call, &n, &from);
	if (n == 0)
		return func_error(call, 0, "the list is empty");
	conv = xreallocarray(NULL, n, sizeof(*conv));
	kind = order_kind(call->arena, items, n, conv);
	if (kind != 0) {
		for (size_t i = 1; i < n; i++) {
			c = kind == 'n' ? val_number_compare(conv[i], conv[bi]) :
			    str_compare(items[i], items[bi]);
			if (c * sign > 0)
				bi = i;
		}
		best = kind == 'n' ? conv[bi] : items[bi];
	}
	free(conv);
	return best != NULL ? best : order_error(call, from);
}

/* min(list) or min(values...). */
static const struct value *
fn_min(struct func_call *call)
{
	return minmax(call, -1);
}

/* max(list) or max(values...). */
static const struct value *
fn_max(struct func_call *call)
{
	return minmax(call, 1);
}

/* An item to sort with its number, its position for stability. */
struct sort_item {
	const struct value *v, *num;
	size_t pos;
	int kind;
	bool reverse;
};

/* qsort comparator for sorted(): stable, ascending or descending. */
static int
sort_compare(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;
	int c = a->kind == 'n' ? val_number_compare(a->num, b->num) :
	    str_compare(a->v, b->v);

	if (a->reverse)
		c = -c;
	if (c != 0)
		return c;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/*
 * sorted(x, {reverse = bool}...): a list's items in order (all numbers
 * or all strings), an object's keys, or a string's characters.
 */
static const struct value *
fn_sorted(struct func_call *call)
{
	const struct value *x = call->args[0], *rev = func_opt(call, "reverse");
	const struct value **items, **conv, *r = NULL;
	struct sort_item *s;
	size_t n, i, off;
	int kind;

	if (rev != NULL && (rev = val_to_bool(rev)) == NULL)
		return func_opt_error(call, "reverse", "bool required, got %s",
		    func_kind(func_opt(call, "reverse")));
	switch (x->kind) {
	case VAL_LIST:
		n = x->u.list.n;
		items = arena_calloc(call->arena, n ? n : 1, sizeof(*items));
		if (n > 0)
			memcpy(items, x->u.list.items, n * sizeof(*items));
		break;
	case VAL_OBJECT:
		n = x->u.obj.n;
		items = arena_calloc(call->arena, n ? n : 1, sizeof(*items));
		for (i = 0; i < n; i++)
			items[i] = val_string(call->arena,
			    x->u.obj.members[i].key, x->u.obj.members[i].keylen);
		break;
	case VAL_STRING:
		n = func_char_count(x->u.str.s, x->u.str.len);
		items = arena_calloc(call->arena, n ? n : 1, sizeof(*items));
		for (i = 0, off = 0; i < n; i++) {
			size_t len = func_char_len(x->u.str.s + off,
			    x->u.str.len - off);

			items[i] = val_string(call->arena, x->u.str.s + off, len);
			off += len;
		}
		break;
	default:
		return func_error(call, 0, "list, object or string required, "
		    "got %s", func_kind(x));
	}
	conv = xreallocarray(NULL, n ? n : 1, sizeof(*conv));
	kind = n == 0 ? 's' : order_kind(call->arena, items, n, conv);
	if (kind == 0) {
		free(conv);
		return order_error(call, 0);
	}
	s = xreallocarray(NULL, n ? n : 1, sizeof(*s));
	for (i = 0; i < n; i++) {
		s[i].v = items[i];
		s[i].num = conv[i];
		s[i].pos = i;
		s[i].kind = kind;
		s[i].reverse = rev != NULL && rev->u.b;
	}
	qsort(s, n, sizeof(*s), sort_compare);
	for (i = 0; i < n; i++)
		items[i] = s[i].v;
	r = val_list(call->arena, items, n);
	free(s);
	free(conv);
	return r;
}

static const struct value *fn_range(struct func_call *call);
static const char *const p_stop[] = { "stop", NULL };
/* range with one argument, for messages about that argument. */
static const struct func_def range_stop_def = { "range", 1, 3, NULL,
	fn_range, p_stop };

/* range(stop) or range(start, stop[, step]): Python's range, as a list. */
static const struct value *
fn_range(struct func_call *call)
{
	int64_t start = 0, stop, step = 1, count, i;
	const struct value **items;
	const struct func_def *range_def = call->def;
	double dcount;
	bool ok;

	if (call->nargs == 1) {
		/* The single argument is stop: name it so in messages. */
		call->def = &range_stop_def;
		ok = func_arg_int(call, 0, &stop);
		call->def = range_def;
		if (!ok)
			return NULL;
	} else if (!func_arg_int(call, 0, &start) ||
	    !func_arg_int(call, 1, &stop) ||
	    (call->nargs == 3 && !func_arg_int(call, 2, &step)))
		return NULL;
	if (step == 0)
		return func_error(call, 2, "step must not be zero");
	/* Count in floating point to stay clear of overflow. */
	if (step > 0)
		dcount = stop > start ? ceil(((double)stop - (double)start) /
		    (double)step) : 0;
	else
		dcount = stop < start ? ceil(((double)start - (double)stop) /
		    -(double)step) : 0;
	if (dcount > RANGE_MAX)
		return func_error(call, -1, "range would produce %.0f numbers, "
		    "more than the limit of %d", dcount, RANGE_MAX);
	count = (int64_t)dcount;
	items = arena_calloc(call->arena, count ? (size_t)count : 1,
	    sizeof(*items));
	for (i = 0; i < count; i++)
		items[i] = val_int(call->arena, start + i * step);
	return val_list(call->arena, items, (size_t)count);
}

static const char *const p_lists[] = { "lists", NULL };
static const char *const p_object[] = { "object", NULL };
static const char *const p_lookup[] = { "object", "key", "default", NULL };
static const char *const p_objects[] = { "objects", NULL };
static const char *const p_contains[] = { "list", "value", NULL };
static const char *const p_value[] = { "value", NULL };
static const char *const p_values[] = { "values", NULL };
static const char *const p_sum[] = { "list", "start", NULL };
static const char *const p_sorted[] = { "value", NULL };
static const char *const p_range[] = { "start", "stop", "step", NULL };
static const char *const o_sorted[] = { "reverse", NULL };

const struct func_def func_collection_defs[] = {
	{ "coalesce", 1, FUNC_VARIADIC, NULL, fn_coalesce, p_values },
	{ "concat", 1, FUNC_VARIADIC, NULL, fn_concat, p_lists },
	{ "contains", 2, 2, NULL, fn_contains, p_contains },
	{ "keys", 1, 1, NULL, fn_keys, p_object },
	{ "len", 1, 1, NULL, fn_length, p_value },
	{ "length", 1, 1, NULL, fn_length, p_value },
	{ "lookup", 2, 3, NULL, fn_lookup, p_lookup },
	{ "max", 1, FUNC_VARIADIC, NULL, fn_max, p_values },
	{ "merge", 0, FUNC_VARIADIC, NULL, fn_merge, p_objects },
	{ "min", 1, FUNC_VARIADIC, NULL, fn_min, p_values },
	{ "range", 1, 3, NULL, fn_range, p_range },
	{ "sorted", 1, 1, o_sorted, fn_sorted, p_sorted },
	{ "sum", 1, 2, NULL, fn_sum, p_sum },
	{ "values", 1, 1, NULL, fn_values, p_object },
};
const size_t func_collection_ndefs = sizeof(func_collection_defs) /
    sizeof(func_collection_defs[0]);
