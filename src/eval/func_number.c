#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/func_lib.h"

/* A double result that is a whole number in int64 range, made exact. */
static const struct value *
num_whole(struct arena *a, double d)
{
	if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
		return val_int(a, (int64_t)d);
	return val_double(a, d);
}

/* The value of digit c in base, or -1. */
static int
digit_value(char c, int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'z')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'Z')
		d = c - 'A' + 10;
	else
		return -1;
	return d < base ? d : -1;
}

/*
 * Parse a whole number in base 2 to 36 with an optional sign and, for
 * bases 2, 8 and 16, an optional 0b/0o/0x prefix (Python's int(s, base)).
 * Past int64 the value continues as a double.  False when s is not one.
 */
static bool
parse_base(struct arena *a, const char *s, size_t n, int base,
    const struct value **out)
{
	size_t i = 0;
	bool neg = false;
	uint64_t mag = 0;
	double dmag = 0;
	bool big = false;
	int d;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (n - i > 2 && s[i] == '0' &&
	    ((base == 16 && (s[i + 1] == 'x' || s[i + 1] == 'X')) ||
	    (base == 8 && (s[i + 1] == 'o' || s[i + 1] == 'O')) ||
	    (base == 2 && (s[i + 1] == 'b' || s[i + 1] == 'B'))))
		i += 2;
	if (i == n)
		return false;
	for (; i < n; i++) {
		if ((d = digit_value(s[i], base)) < 0)
			return false;
		if (!big && mag > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) {
			big = true;
			dmag = (double)mag;
		}
		if (big)
			dmag = dmag * base + d;
		else
			mag = mag * (uint64_t)base + (uint64_t)d;
	}
	if (!big && mag <= (uint64_t)INT64_MAX)
		*out = val_int(a, neg ? -(int64_t)mag : (int64_t)mag);
	else if (!big && neg && mag == (uint64_t)INT64_MAX + 1)
		*out = val_int(a, INT64_MIN);
	else
		*out = val_double(a, neg ? -(big ? dmag : (double)mag) :
		    (big ? dmag : (double)mag));
	return true;
}

/*
 * int(v[, base]): a number truncated toward zero; a bool as 1 or 0; a
 * string read as a number (or as a whole number in base).
 */
static const struct value *
fn_int(struct func_call *call)
{
	const struct value *v = call->args[0], *n, *r;
	int64_t base;
	double d;

	if (call->nargs == 2) {
		if (!func_arg_int(call, 1, &base))
			return NULL;
		if (base < 2 || base > 36)
			return func_error(call, 1, "base must be from 2 to 36, "
			    "got %" PRId64, base);
		if (v->kind != VAL_STRING)
			return func_error(call, 0, "string required with a "
			    "base, got %s", func_kind(v));
		if (!parse_base(call->arena, v->u.str.s, v->u.str.len,
		    (int)base, &r))
			return func_error(call, 0, "'%s' is not a whole number "
			    "in base %" PRId64, v->u.str.s, base);
		return r;
	}
	if (v->kind == VAL_BOOL)
		return val_int(call->arena, v->u.b ? 1 : 0);
	if ((n = func_arg_number(call, 0)) == NULL)
		return NULL;
	if (n->u.num.is_int)
		return n;
	d = val_number_double(n);
	if (!isfinite(d))
		return func_error(call, 0, "cannot convert %s to a whole number",
		    isnan(d) ? "nan" : "an infinity");
	return num_whole(call->arena, trunc(d));
}

/* float(v): a number as a double; a bool as 1 or 0; a string read. */
static const struct value *
fn_float(struct func_call *call)
{
	const struct value *v = call->args[0], *n;

	if (v->kind == VAL_BOOL)
		return val_double(call->arena, v->u.b ? 1.0 : 0.0);
	if ((n = func_arg_number(call, 0)) == NULL)
		return NULL;
	return val_double(call->arena, val_number_double(n));
}

/*
 * bool(v): "true" and "false" convert as in HCL; any other value by
 * Python's truth rules: null, 0, "", [] and {} are false.
 */
static const struct value *
fn_bool(struct func_call *call)
{
	const struct value *v = call->args[0], *b = val_to_bool(v);

	if (b != NULL)
		return b;
	switch (v->kind) {
	case VAL_NULL:
		return val_bool(false);
	case VAL_NUMBER:
		return val_bool(val_number_double(v) != 0);
	case VAL_STRING:
		return val_bool(v->u.str.len > 0);
	case VAL_LIST:
		return val_bool(v->u.list.n > 0);
	case VAL_OBJECT:
		return val_bool(v->u.obj.n > 0);
	default:
		return func_error(call, 0, "cannot convert %s to a bool",
		    func_kind(v));
	}
}

/* abs(n): the magnitude. */
static const struct value *
fn_abs(struct func_call *call)
{
	const struct value *n = func_arg_number(call, 0);

	if (n == NULL)
		return NULL;
	if (n->u.num.is_int) {
		if (n->u.num.i >= 0)
			return n;
		if (n->u.num.i == INT64_MIN)
			return val_double(call->arena, 9223372036854775808.0);
		return val_int(call->arena, -n->u.num.i);
	}
	if (n->u.num.text != NULL && n->u.num.text[0] == '-') {
		/* Keep a long literal's digits: drop its sign. */
		return val_number_parse(call->arena, n->u.num.text + 1,
		    strlen(n->u.num.text) - 1);
	}
	return n->u.num.d < 0 || signbit(n->u.num.d) ?
	    val_double(call->arena, fabs(n->u.num.d)) : n;
}

/* Round i to a multiple of 10^k (k > 0), halves to even. */
static __int128
round_int(int64_t i, int64_t k)
{
	__int128 p = 1, q, r;

	for (int64_t j = 0; j < k; j++) {
		p *= 10;
		if (p > (__int128)INT64_MAX * 10)
			return 0;	/* every int64 is under half of p */
	}
	q = i / p;
	r = i % p;
	if (r < 0) {
		r += p;
		q -= 1;
	}
	/* Now i = q * p + r with 0 <= r < p. */
	if (2 * r > p || (2 * r == p && (q & 1) != 0))
		q += 1;
	return q * p;
}

/*
 * round(n[, ndigits]): Python's round: halves go to the even neighbour,
 * decided on the exact binary value (round(2.675, 2) is 2.67).  Without
 * ndigits the result is a whole number.
 */
static const struct value *
fn_round(struct func_call *call)
{
	const struct value *n = func_arg_number(call, 0);
	int64_t nd = 0;
	__int128 m;
	double d, p;
	char buf[400];

	if (n == NULL || (call->nargs == 2 && !func_arg_int(call, 1, &nd)))
		return NULL;
	if (n->u.num.is_int) {
		if (nd >= 0)
			return n;
		m = round_int(n->u.num.i, -nd);
		if (m >= INT64_MIN && m <= INT64_MAX)
			return val_int(call->arena, (int64_t)m);
		return val_double(call->arena, (double)m);
	}
	d = n->u.num.d;
	if (!isfinite(d)) {
		if (call->nargs == 2)
			return n;
		return func_error(call, 0, "cannot round %s to a whole number",
		    isnan(d) ? "nan" : "an infinity");
	}
	if (nd == 0) {
		/* rint rounds halves to even in the default mode. */
		d = rint(d);
		return call->nargs == 2 ? val_double(call->arena, d) :
		    num_whole(call->arena, d);
	}
	if (nd > 0) {
		/* A double has no digits past the 1074th place. */
		if (nd > 330)
			return n;
		/* glibc prints the exact binary value, ties to even. */
		snprintf(buf, sizeof(buf), "%.*f", (int)nd, d);
		return val_double(call->arena, strtod(buf, NULL));
	}
	if (nd < -308)
		return val_double(call->arena, 0.0 * d);
	p = pow(10.0, (double)-nd);
	return val_double(call->arena, rint(d / p) * p);
}

static const char *const p_value[] = { "value", NULL };
static const char *const p_int[] = { "value", "base", NULL };
static const char *const p_num[] = { "num", NULL };
static const char *const p_round[] = { "num", "ndigits", NULL };

const struct func_def func_number_defs[] = {
	{ "abs", 1, 1, NULL, fn_abs, p_num },
	{ "bool", 1, 1, NULL, fn_bool, p_value },
	{ "float", 1, 1, NULL, fn_float, p_value },
	{ "int", 1, 2, NULL, fn_int, p_int },
	{ "round", 1, 2, NULL, fn_round, p_round },
};
const size_t func_number_ndefs = sizeof(func_number_defs) /
    sizeof(func_number_defs[0]);
