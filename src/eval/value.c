#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "eval/value.h"
#include "util/jsonw.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

static const struct value val_null_v = { .kind = VAL_NULL };
static const struct value val_true_v = { .kind = VAL_BOOL, .u.b = true };
static const struct value val_false_v = { .kind = VAL_BOOL, .u.b = false };
static const struct value val_unknown_v = { .kind = VAL_UNKNOWN };

/* The null singleton. */
const struct value *
val_null(void)
{
	return &val_null_v;
}

/* One of the two bool singletons. */
const struct value *
val_bool(bool b)
{
	return b ? &val_true_v : &val_false_v;
}

/* The unknown singleton (no reference). */
const struct value *
val_unknown(void)
{
	return &val_unknown_v;
}

/* An unknown value standing for ref (copied into the arena). */
const struct value *
val_unknown_ref(struct arena *a, const char *ref)
{
	struct value *v = arena_calloc(a, 1, sizeof(*v));

	v->kind = VAL_UNKNOWN;
	v->u.unknown.ref = ref != NULL ? arena_strdup(a, ref) : NULL;
	return v;
}

/* An exact integer. */
const struct value *
val_int(struct arena *a, int64_t i)
{
	struct value *v = arena_calloc(a, 1, sizeof(*v));

	v->kind = VAL_NUMBER;
	v->u.num.is_int = true;
	v->u.num.i = i;
	v->u.num.d = (double)i;
	return v;
}

/* A double. */
const struct value *
val_double(struct arena *a, double d)
{
	struct value *v = arena_calloc(a, 1, sizeof(*v));

	v->kind = VAL_NUMBER;
	v->u.num.d = d;
	return v;
}

/*
 * Scan the number grammar of the HCL spec (with an optional sign) over
 * exactly len bytes.  Sets *plain when there is neither fraction nor
 * exponent.  Returns false when the text does not match.
 */
static bool
number_scan(const char *s, size_t len, bool *plain)
{
	size_t i = 0, start;

	*plain = true;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	start = i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == start)
		return false;
	if (i < len && s[i] == '.') {
		*plain = false;
		start = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return false;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		*plain = false;
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return false;
	}
	return i == len;
}

/* Parse a number literal, keeping its text. */
const struct value *
val_number_parse(struct arena *a, const char *text, size_t len)
{
	struct value *v;
	const char *p;
	char *copy;
	bool plain, neg;
	uint64_t mag = 0;
	double d;

	if (!number_scan(text, len, &plain))
		return NULL;
	copy = arena_strndup(a, text, len);
	v = arena_calloc(a, 1, sizeof(*v));
	v->kind = VAL_NUMBER;
	v->u.num.text = copy;
	if (plain) {
		p = copy;
		neg = *p == '-';
		if (*p == '-' || *p == '+')
			p++;
		for (; *p != '\0'; p++) {
			unsigned digit = (unsigned)(*p - '0');

			if (mag > (UINT64_MAX - digit) / 10)
				break;
			mag = mag * 10 + digit;
		}
		if (*p == '\0' && (mag <= INT64_MAX ||
		    (neg && mag == (uint64_t)INT64_MAX + 1))) {
			v->u.num.is_int = true;
			if (neg)
				v->u.num.i = mag == (uint64_t)INT64_MAX + 1 ?
				    INT64_MIN : -(int64_t)mag;
			else
				v->u.num.i = (int64_t)mag;
			v->u.num.d = (double)v->u.num.i;
			return v;
		}
	}
	errno = 0;
	d = strtod(copy, NULL);
	if (isinf(d))
		return NULL;
	v->u.num.d = d;
	return v;
}

/* A string copied into the arena. */
const struct value *
val_string(struct arena *a, const char *s, size_t len)
{
	struct value *v = arena_calloc(a, 1, sizeof(*v));

	v->kind = VAL_STRING;
	v->u.str.s = arena_strndup(a, s, len);
	v->u.str.len = len;
	return v;
}

/* A string from a C string. */
const struct value *
val_cstring(struct arena *a, const char *s)
{
	return val_string(a, s, strlen(s));
}

/* A list; the pointer array is copied. */
const struct value *
val_list(struct arena *a, const struct value *const *items, size_t n)
{
	struct value *v = arena_calloc(a, 1, sizeof(*v));
	const struct value **copy = NULL;

	if (n > 0) {
		copy = arena_calloc(a, n, sizeof(*copy));
		memcpy(copy, items, n * sizeof(*copy));
	}
	v->kind = VAL_LIST;
	v->u.list.items = copy;
	v->u.list.n = n;
	return v;
}

/* Order two keys bytewise, a prefix first (code point order for UTF-8). */
static int
key_compare(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* A member with its position in the caller's array, for sorting. */
struct member_pos {
	struct val_member m;
	size_t pos;
};

/* qsort comparator: by key, then by original position (stable). */
static int
member_pos_compare(const void *pa, const void *pb)
{
	const struct member_pos *a = pa, *b = pb;
	int c = key_compare(a->m.key, a->m.keylen, b->m.key, b->m.keylen);

	if (c != 0)
		return c;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* An object: members sorted by key; NULL and *dup on a repeated key. */
const struct value *
val_object(struct arena *a, const struct val_member *members, size_t n,
    size_t *dup)
{
	struct value *v;
	struct val_member *out = NULL;
	struct member_pos *tmp;
	size_t i, first = SIZE_MAX;

	if (n == 0) {
		v = arena_calloc(a, 1, sizeof(*v));
		v->kind = VAL_OBJECT;
		return v;
	}
	tmp = xreallocarray(NULL, n, sizeof(*tmp));
	for (i = 0; i < n; i++) {
		tmp[i].m = members[i];
		tmp[i].pos = i;
	}
	qsort(tmp, n, sizeof(*tmp), member_pos_compare);
	/* Of all repeats, report the one that comes first in the input. */
	for (i = 1; i < n; i++) {
		if (key_compare(tmp[i - 1].m.key, tmp[i - 1].m.keylen,
		    tmp[i].m.key, tmp[i].m.keylen) == 0 && tmp[i].pos < first)
			first = tmp[i].pos;
	}
	if (first != SIZE_MAX) {
		free(tmp);
		if (dup != NULL)
			*dup = first;
		return NULL;
	}
	out = arena_calloc(a, n, sizeof(*out));
	for (i = 0; i < n; i++)
		out[i] = tmp[i].m;
	free(tmp);
	v = arena_calloc(a, 1, sizeof(*v));
	v->kind = VAL_OBJECT;
	v->u.obj.members = out;
	v->u.obj.n = n;
	return v;
}

/* Binary search for a member by key. */
const struct value *
val_object_get(const struct value *obj, const char *key, size_t keylen)
{
	size_t lo = 0, hi, mid;
	int c;

	if (obj == NULL || obj->kind != VAL_OBJECT)
		return NULL;
	hi = obj->u.obj.n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = key_compare(key, keylen, obj->u.obj.members[mid].key,
		    obj->u.obj.members[mid].keylen);
		if (c == 0)
			return obj->u.obj.members[mid].val;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Member by C-string key. */
const struct value *
val_object_cget(const struct value *obj, const char *key)
{
	return val_object_get(obj, key, strlen(key));
}

/* The name of a kind, as messages show it. */
const char *
val_kind_name(enum val_kind kind)
{
	switch (kind) {
	case VAL_UNKNOWN:
		return "unknown";
	case VAL_NULL:
		return "null";
	case VAL_BOOL:
		return "bool";
	case VAL_NUMBER:
		return "number";
	case VAL_STRING:
		return "string";
	case VAL_LIST:
		return "list";
	case VAL_OBJECT:
		return "object";
	}
	fatal("val_kind_name: bad kind %d", (int)kind);
}

/* Whether v holds an unknown anywhere. */
bool
val_is_unknown(const struct value *v)
{
	size_t i;

	switch (v->kind) {
	case VAL_UNKNOWN:
		return true;
	case VAL_LIST:
		for (i = 0; i < v->u.list.n; i++)
			if (val_is_unknown(v->u.list.items[i]))
				return true;
		return false;
	case VAL_OBJECT:
		for (i = 0; i < v->u.obj.n; i++)
			if (val_is_unknown(v->u.obj.members[i].val))
				return true;
		return false;
	default:
		return false;
	}
}

/* A number as a double. */
double
val_number_double(const struct value *v)
{
	return v->u.num.is_int ? (double)v->u.num.i : v->u.num.d;
}

/* A number as an exact int64 when it is integral and in range. */
bool
val_number_int64(const struct value *v, int64_t *out)
{
	double d;

	if (v->u.num.is_int) {
		*out = v->u.num.i;
		return true;
	}
	d = v->u.num.d;
	/* [-2^63, 2^63) holds exactly the doubles that fit int64. */
	if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) ||
	    d != trunc(d))
		return false;
	*out = (int64_t)d;
	return true;
}

/* Compare two numbers, exactly when both are integral. */
int
val_number_compare(const struct value *a, const struct value *b)
{
	int64_t ia, ib;
	double da, db;

	if (val_number_int64(a, &ia) && val_number_int64(b, &ib))
		return ia < ib ? -1 : ia > ib;
	da = val_number_double(a);
	db = val_number_double(b);
	if (isnan(da) || isnan(db))
		return isnan(da) - isnan(db);
	return da < db ? -1 : da > db;
}

/* Type-strict deep equality. */
bool
val_equal(const struct value *a, const struct value *b)
{
	size_t i;

	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case VAL_UNKNOWN:
		return false;
	case VAL_NULL:
		return true;
	case VAL_BOOL:
		return a->u.b == b->u.b;
	case VAL_NUMBER:
		if (isnan(val_number_double(a)) || isnan(val_number_double(b)))
			return false;
		return val_number_compare(a, b) == 0;
	case VAL_STRING:
		return a->u.str.len == b->u.str.len &&
		    memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
	case VAL_LIST:
		if (a->u.list.n != b->u.list.n)
			return false;
		for (i = 0; i < a->u.list.n; i++)
			if (!val_equal(a->u.list.items[i], b->u.list.items[i]))
				return false;
		return true;
	case VAL_OBJECT:
		if (a->u.obj.n != b->u.obj.n)
			return false;
		for (i = 0; i < a->u.obj.n; i++) {
			const struct val_member *ma = &a->u.obj.members[i];
			const struct val_member *mb = &b->u.obj.members[i];

			if (key_compare(ma->key, ma->keylen, mb->key,
			    mb->keylen) != 0 || !val_equal(ma->val, mb->val))
				return false;
		}
		return true;
	}
	fatal("val_equal: bad kind %d", (int)a->kind);
}

/*
 * Whether a literal's text is already how we would print it: optional '-',
 * no leading zero (but "0"), no exponent, no trailing zero in a fraction,
 * and not "-0".
 */
static bool
number_text_canonical(const char *t)
{
	const char *p = t, *dot;
	size_t n;

	if (*p == '+')
		return false;
	if (*p == '-')
		p++;
	if (strpbrk(p, "eE") != NULL)
		return false;
	if (p[0] == '0' && p[1] != '\0' && p[1] != '.')
		return false;
	dot = strchr(p, '.');
	n = strlen(p);
	if (dot != NULL && p[n - 1] == '0')
		return false;
	if (t[0] == '-' && strspn(p, "0.") == n)
		return false;
	return true;
}

/*
 * Write the finite double d in scientific notation with the fewest
 * significant digits (1 to 17; 17 always suffice for IEEE 754 binary64)
 * that read back as d, e.g. "1e+300", "9.223372036854776e+18".
 */
static void
shortest_sci(char *sci, size_t size, double d)
{
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(sci, size, "%.*e", prec - 1, d);
		if (strtod(sci, NULL) == d)
			return;
	}
}

/*
 * Append the finite double d as its shortest round-trip decimal, in
 * positional notation.  Tries 1 to 17 significant digits; 17 always
 * reads back exactly (IEEE 754 binary64).
 */
static int
double_format(struct buf *b, double d)
{
	char sci[40], digits[20];
	int exp, k, i, rc = 0;
	char *e;

	if (d == 0)
		return buf_putc(b, '0');	/* -0 too: HCL has one zero */
	/*
	 * A whole double in int64 range prints exactly: its shortest digits
	 * padded with zeros would read back as a different int64.
	 */
	if (d == trunc(d) && d >= -9223372036854775808.0 &&
	    d < 9223372036854775808.0)
		return buf_printf(b, "%" PRId64, (int64_t)d);
	shortest_sci(sci, sizeof(sci), d);
	/* sci is "[-]D[.DDD]e[+-]XX". */
	e = strchr(sci, 'e');
	exp = (int)strtol(e + 1, NULL, 10);
	k = 0;
	for (i = sci[0] == '-'; &sci[i] < e; i++)
		if (sci[i] != '.')
			digits[k++] = sci[i];
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	if (d < 0)
		rc = buf_putc(b, '-');
	if (rc == 0 && exp >= k - 1) {
		rc = buf_append(b, digits, (size_t)k);
		for (i = 0; rc == 0 && i < exp - (k - 1); i++)
			rc = buf_putc(b, '0');
	} else if (rc == 0 && exp >= 0) {
		rc = buf_append(b, digits, (size_t)exp + 1);
		if (rc == 0)
			rc = buf_putc(b, '.');
		if (rc == 0)
			rc = buf_append(b, digits + exp + 1,
			    (size_t)(k - exp - 1));
	} else if (rc == 0) {
		rc = buf_puts(b, "0.");
		for (i = 0; rc == 0 && i < -exp - 1; i++)
			rc = buf_putc(b, '0');
		if (rc == 0)
			rc = buf_append(b, digits, (size_t)k);
	}
	return rc;
}

/* Append a number as HCL prints it. */
int
val_number_format(struct buf *b, const struct value *v)
{
	double d;

	if (v->u.num.is_int)
		return buf_printf(b, "%" PRId64, v->u.num.i);
	if (v->u.num.text != NULL && number_text_canonical(v->u.num.text))
		return buf_puts(b, v->u.num.text);
	d = v->u.num.d;
	if (isnan(d))
		return buf_puts(b, "nan");
	if (isinf(d))
		return buf_puts(b, d < 0 ? "-inf" : "inf");
	return double_format(b, d);
}

/* Convert to a string: strings as is, numbers and bools as text. */
const struct value *
val_to_string(struct arena *a, const struct value *v)
{
	struct buf b = BUF_INIT;
	const struct value *r;

	switch (v->kind) {
	case VAL_STRING:
		return v;
	case VAL_BOOL:
		return val_cstring(a, v->u.b ? "true" : "false");
	case VAL_NUMBER:
		if (val_number_format(&b, v) != 0)
			fatal("val_to_string: cannot format a number");
		r = val_string(a, b.data, b.len);
		buf_release(&b);
		return r;
	default:
		return NULL;
	}
}

/* Convert to a number: numbers as is, strings that parse as numbers. */
const struct value *
val_to_number(struct arena *a, const struct value *v)
{
	if (v->kind == VAL_NUMBER)
		return v;
	if (v->kind == VAL_STRING)
		return val_number_parse(a, v->u.str.s, v->u.str.len);
	return NULL;
}

/* Convert to a bool: bools as is, "true" and "false". */
const struct value *
val_to_bool(const struct value *v)
{
	if (v->kind == VAL_BOOL)
		return v;
	if (v->kind == VAL_STRING) {
		if (v->u.str.len == 4 && memcmp(v->u.str.s, "true", 4) == 0)
			return val_bool(true);
		if (v->u.str.len == 5 && memcmp(v->u.str.s, "false", 5) == 0)
			return val_bool(false);
	}
	return NULL;
}

/* JSON writer state: resolved options. */
struct json_out {
	struct buf *b;
	int indent;
	const char *item_sep;
	const char *key_sep;
	bool unknown_as_ref;
	bool ascii;
};

/* Append a string in the chosen escaping. */
static int
json_put_string(const struct json_out *o, const char *s, size_t n)
{
	return jsonw_string_flags(o->b, s, n, o->ascii ? JSONW_ASCII : 0);
}

/* A newline and indentation for depth, when indenting. */
static int
json_newline(const struct json_out *o, int depth)
{
	int rc;

	if (o->indent < 0)
		return 0;
	rc = buf_putc(o->b, '\n');
	for (int i = 0; rc == 0 && i < depth * o->indent; i++)
		rc = buf_putc(o->b, ' ');
	return rc;
}

/* Append v as JSON at nesting depth. */
static int
json_value(const struct json_out *o, const struct value *v, int depth)
{
	struct buf *b = o->b;
	size_t i;
	int rc = 0;

	switch (v->kind) {
	case VAL_UNKNOWN:
		if (!o->unknown_as_ref) {
			errno = EINVAL;
			return -1;
		}
		if (v->u.unknown.ref == NULL)
			return buf_puts(b, "\"${unknown}\"");
		rc = buf_puts(b, "\"${");
		/* The reference is an identifier path: no escaping needed. */
		if (rc == 0)
			rc = buf_puts(b, v->u.unknown.ref);
		return rc == 0 ? buf_puts(b, "}\"") : rc;
	case VAL_NULL:
		return buf_puts(b, "null");
	case VAL_BOOL:
		return buf_puts(b, v->u.b ? "true" : "false");
	case VAL_NUMBER:
		if (!v->u.num.is_int && !isfinite(v->u.num.d)) {
			errno = EDOM;
			return -1;
		}
		/*
		 * A double past int64 goes out in scientific notation (as
		 * Python and Terraform write it), so JSON readers take it
		 * back as a real, not as an integer too big to hold.
		 */
		if (!v->u.num.is_int && fabs(v->u.num.d) >=
		    9223372036854775808.0 && (v->u.num.text == NULL ||
		    !number_text_canonical(v->u.num.text))) {
			char sci[40];

			shortest_sci(sci, sizeof(sci), v->u.num.d);
			return buf_puts(b, sci);
		}
		return val_number_format(b, v);
	case VAL_STRING:
		return json_put_string(o, v->u.str.s, v->u.str.len);
	case VAL_LIST:
		if (v->u.list.n == 0)
			return buf_puts(b, "[]");
		rc = buf_putc(b, '[');
		for (i = 0; rc == 0 && i < v->u.list.n; i++) {
			if (i > 0)
				rc = buf_puts(b, o->item_sep);
			if (rc == 0)
				rc = json_newline(o, depth + 1);
			if (rc == 0)
				rc = json_value(o, v->u.list.items[i],
				    depth + 1);
		}
		if (rc == 0)
			rc = json_newline(o, depth);
		return rc == 0 ? buf_putc(b, ']') : rc;
	case VAL_OBJECT:
		if (v->u.obj.n == 0)
			return buf_puts(b, "{}");
		rc = buf_putc(b, '{');
		for (i = 0; rc == 0 && i < v->u.obj.n; i++) {
			const struct val_member *m = &v->u.obj.members[i];

			if (i > 0)
				rc = buf_puts(b, o->item_sep);
			if (rc == 0)
				rc = json_newline(o, depth + 1);
			if (rc == 0)
				rc = json_put_string(o, m->key, m->keylen);
			if (rc == 0)
				rc = buf_puts(b, o->key_sep);
			if (rc == 0)
				rc = json_value(o, m->val, depth + 1);
		}
		if (rc == 0)
			rc = json_newline(o, depth);
		return rc == 0 ? buf_putc(b, '}') : rc;
	}
	fatal("json_value: bad kind %d", (int)v->kind);
}

/* Append v as JSON text. */
int
val_to_json(struct buf *b, const struct value *v,
    const struct val_json_opts *opts)
{
	struct json_out o = { b, -1, ",", ":", false, false };

	if (opts != NULL) {
		o.indent = opts->indent;
		o.key_sep = opts->key_sep != NULL ? opts->key_sep :
		    opts->indent < 0 ? ":" : ": ";
		o.item_sep = opts->item_sep != NULL ? opts->item_sep : ",";
		o.unknown_as_ref = opts->unknown_as_ref;
		o.ascii = opts->ascii;
	}
	return json_value(&o, v, 0);
}

/* Turn a jansson tree into a value. */
static const struct value *
json_convert(struct arena *a, json_t *j)
{
	const struct value **items;
	struct val_member *members;
	const char *key;
	json_t *child;
	size_t i, n;

	switch (json_typeof(j)) {
	case JSON_NULL:
		return val_null();
	case JSON_TRUE:
		return val_bool(true);
	case JSON_FALSE:
		return val_bool(false);
	case JSON_INTEGER:
		return val_int(a, json_integer_value(j));
	case JSON_REAL:
		return val_double(a, json_real_value(j));
	case JSON_STRING:
		return val_string(a, json_string_value(j), json_string_length(j));
	case JSON_ARRAY:
		n = json_array_size(j);
		items = arena_calloc(a, n, sizeof(*items));
		json_array_foreach(j, i, child)
			items[i] = json_convert(a, child);
		return val_list(a, items, n);
	case JSON_OBJECT:
		n = json_object_size(j);
		members = arena_calloc(a, n, sizeof(*members));
		i = 0;
		json_object_foreach(j, key, child) {
			members[i].keylen = strlen(key);
			members[i].key = arena_strndup(a, key,
			    members[i].keylen);
			members[i].val = json_convert(a, child);
			i++;
		}
		/* jansson already merged repeated keys. */
		return val_object(a, members, n, NULL);
	}
	fatal("json_convert: bad JSON type");
}

/* Parse JSON text into a value. */
const struct value *
val_from_json(struct arena *a, const char *text, size_t len,
    const char **err, int *line, int *column)
{
	const struct value *v;
	json_error_t je;
	json_t *j;
	size_t flags = JSON_DECODE_ANY | JSON_ALLOW_NUL;

	j = json_loadb(text, len, flags, &je);
	/*
	 * jansson refuses integers past long long; read those documents
	 * again with every integer as a double, as other JSON readers do.
	 */
	if (j == NULL && strstr(je.text, "too big") != NULL)
		j = json_loadb(text, len, flags | JSON_DECODE_INT_AS_REAL,
		    &je);
	if (j == NULL) {
		if (err != NULL)
			*err = arena_strdup(a, je.text);
		if (line != NULL)
			*line = je.line;
		if (column != NULL)
			*column = je.column;
		return NULL;
	}
	v = json_convert(a, j);
	json_decref(j);
	return v;
}
