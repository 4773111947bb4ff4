#include "config.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "eval/value.h"

static struct arena A;

/* Format a number value into a static buffer. */
static const char *
fmt(const struct value *v)
{
	static char out[512];
	struct buf b = BUF_INIT;

	assert_int_equal(val_number_format(&b, v), 0);
	strlcpy(out, buf_str(&b), sizeof(out));
	buf_release(&b);
	return out;
}

/* Format a double. */
static const char *
fmtd(double d)
{
	return fmt(val_double(&A, d));
}

/* Parse a literal and format it again. */
static const char *
fmtp(const char *lit)
{
	const struct value *v = val_number_parse(&A, lit, strlen(lit));

	assert_non_null(v);
	return fmt(v);
}

/* JSON text of v with opts into a static buffer, or "ERR:<errno>". */
static const char *
json(const struct value *v, const struct val_json_opts *o)
{
	static char out[1024];
	struct buf b = BUF_INIT;

	if (val_to_json(&b, v, o) != 0)
		snprintf(out, sizeof(out), "ERR:%d", errno);
	else
		strlcpy(out, buf_str(&b), sizeof(out));
	buf_release(&b);
	return out;
}

/* Parse JSON text; fails the test on error. */
static const struct value *
fromjson(const char *text)
{
	const char *err = NULL;
	int line = 0, col = 0;
	const struct value *v = val_from_json(&A, text, strlen(text), &err,
	    &line, &col);

	if (v == NULL)
		fail_msg("JSON %s: %s", text, err);
	return v;
}

/* A string value from a C string. */
static const struct value *
S(const char *s)
{
	return val_cstring(&A, s);
}

/* An integer value. */
static const struct value *
I(int64_t i)
{
	return val_int(&A, i);
}

static int
setup(void **state)
{
	(void)state;
	arena_init(&A);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_release(&A);
	return 0;
}

static void
test_singletons(void **state)
{
	(void)state;
	assert_int_equal(val_null()->kind, VAL_NULL);
	assert_true(val_bool(true)->u.b);
	assert_false(val_bool(false)->u.b);
	assert_ptr_equal(val_bool(true), val_bool(1));
	assert_int_equal(val_unknown()->kind, VAL_UNKNOWN);
	assert_null(val_unknown()->u.unknown.ref);
	assert_string_equal(val_unknown_ref(&A, "task.x.y.z")->u.unknown.ref,
	    "task.x.y.z");
	assert_string_equal(val_kind_name(VAL_OBJECT), "object");
	assert_string_equal(val_kind_name(VAL_NUMBER), "number");
	assert_string_equal(val_kind_name(VAL_UNKNOWN), "unknown");
}

static void
test_number_parse(void **state)
{
	const struct value *v;

	(void)state;
	v = val_number_parse(&A, "42", 2);
	assert_true(v->u.num.is_int);
	assert_int_equal(v->u.num.i, 42);
	assert_string_equal(v->u.num.text, "42");
	v = val_number_parse(&A, "9223372036854775807", 19);
	assert_true(v->u.num.is_int);
	assert_true(v->u.num.i == INT64_MAX);
	v = val_number_parse(&A, "-9223372036854775808", 20);
	assert_true(v->u.num.is_int);
	assert_true(v->u.num.i == INT64_MIN);
	v = val_number_parse(&A, "9223372036854775808", 19);
	assert_false(v->u.num.is_int);
	assert_true(v->u.num.d == 9223372036854775808.0);
	v = val_number_parse(&A, "1.5e3", 5);
	assert_false(v->u.num.is_int);
	assert_true(v->u.num.d == 1500.0);
	/* Only len bytes count. */
	v = val_number_parse(&A, "12abc", 2);
	assert_int_equal(v->u.num.i, 12);
	assert_null(val_number_parse(&A, "", 0));
	assert_null(val_number_parse(&A, "-", 1));
	assert_null(val_number_parse(&A, ".5", 2));
	assert_null(val_number_parse(&A, "5.", 2));
	assert_null(val_number_parse(&A, "1e", 2));
	assert_null(val_number_parse(&A, "1e+", 3));
	assert_null(val_number_parse(&A, " 1", 2));
	assert_null(val_number_parse(&A, "0x10", 4));
	assert_null(val_number_parse(&A, "1e400", 5));
	assert_null(val_number_parse(&A, "inf", 3));
	assert_null(val_number_parse(&A, "nan", 3));
}

static void
test_number_format(void **state)
{
	char tiny[327];

	(void)state;
	assert_string_equal(fmtd(0.1), "0.1");
	assert_string_equal(fmtd(0.1 + 0.2), "0.30000000000000004");
	assert_string_equal(fmtd(1e16), "10000000000000000");
	assert_string_equal(fmtd(1e21), "1000000000000000000000");
	assert_string_equal(fmtd(1e-7), "0.0000001");
	assert_string_equal(fmtd(1.5), "1.5");
	assert_string_equal(fmtd(-2.5), "-2.5");
	assert_string_equal(fmtd(123.456), "123.456");
	assert_string_equal(fmtd(3.0), "3");
	/* Whole doubles in int64 range are exact, past it shortest. */
	assert_string_equal(fmtd(92237306854775800.1), "92237306854775808");
	assert_string_equal(fmtd(-9223372036854775808.0),
	    "-9223372036854775808");
	assert_string_equal(fmtd(9223372036854775808.0), "9223372036854776000");
	assert_string_equal(fmtd(-0.0), "0");
	assert_string_equal(fmtd(0.0), "0");
	assert_string_equal(fmtd(1.0 / 3), "0.3333333333333333");
	/* The smallest subnormal: "0." then 323 zeros then "5". */
	memset(tiny, '0', sizeof(tiny));
	memcpy(tiny, "0.", 2);
	memcpy(tiny + 325, "5", 2);
	assert_string_equal(fmtd(5e-324), tiny);
	assert_string_equal(fmtd(1.7976931348623157e308) + 305, "0000");
	assert_int_equal(strlen(fmtd(1.7976931348623157e308)), 309);
	assert_true(strncmp(fmtd(1.7976931348623157e308), "17976931348623157",
	    17) == 0);
	assert_string_equal(fmtd(INFINITY), "inf");
	assert_string_equal(fmtd(-INFINITY), "-inf");
	assert_string_equal(fmtd(NAN), "nan");
	assert_string_equal(fmt(I(INT64_MAX)), "9223372036854775807");
	assert_string_equal(fmt(I(INT64_MIN)), "-9223372036854775808");
	assert_string_equal(fmt(I(0)), "0");
	assert_string_equal(fmt(I(-7)), "-7");
	/* Literals: canonical text is kept, other forms normalised. */
	assert_string_equal(fmtp("123456789012345678901234567890"),
	    "123456789012345678901234567890");
	assert_string_equal(fmtp("0.10000000000000000000001"),
	    "0.10000000000000000000001");
	assert_string_equal(fmtp("1.50"), "1.5");
	assert_string_equal(fmtp("1e7"), "10000000");
	assert_string_equal(fmtp("1E-2"), "0.01");
	assert_string_equal(fmtp("007"), "7");
	assert_string_equal(fmtp("-0"), "0");
	assert_string_equal(fmtp("-0.0"), "0");
	assert_string_equal(fmtp("+5"), "5");
	assert_string_equal(fmtp("-1.25"), "-1.25");
	assert_string_equal(fmtp("2.0"), "2");
}

static void
test_number_helpers(void **state)
{
	int64_t i;

	(void)state;
	assert_true(val_number_int64(val_double(&A, 2.0), &i));
	assert_int_equal(i, 2);
	assert_false(val_number_int64(val_double(&A, 2.5), &i));
	assert_false(val_number_int64(val_double(&A, 1e300), &i));
	assert_false(val_number_int64(val_double(&A, 9223372036854775808.0),
	    &i));
	assert_true(val_number_int64(val_double(&A, -9223372036854775808.0),
	    &i));
	assert_true(i == INT64_MIN);
	assert_false(val_number_int64(val_double(&A, NAN), &i));
	assert_true(val_number_compare(I(1), val_double(&A, 1.5)) < 0);
	assert_true(val_number_compare(I(INT64_MAX), I(INT64_MAX - 1)) > 0);
	assert_int_equal(val_number_compare(I(3), val_double(&A, 3.0)), 0);
	assert_true(val_number_compare(val_double(&A, NAN), I(3)) > 0);
	assert_true(val_number_double(I(-4)) == -4.0);
}

static void
test_equal(void **state)
{
	const struct value *l1[] = { I(1), S("a") };
	const struct value *l2[] = { val_double(&A, 1.0), S("a") };
	const struct value *l3[] = { I(1), S("b") };
	struct val_member m1[] = { { "b", 1, I(2) }, { "a", 1, S("x") } };
	struct val_member m2[] = { { "a", 1, S("x") }, { "b", 1, I(2) } };
	struct val_member m3[] = { { "a", 1, S("x") }, { "c", 1, I(2) } };

	(void)state;
	assert_true(val_equal(I(1), val_double(&A, 1.0)));
	assert_false(val_equal(I(1), S("1")));
	assert_false(val_equal(S("true"), val_bool(true)));
	assert_false(val_equal(I(1), val_bool(true)));
	assert_true(val_equal(val_null(), val_null()));
	assert_false(val_equal(val_null(), S("")));
	assert_true(val_equal(S("a\0b"), val_string(&A, "a\0b", 3)) == false);
	assert_true(val_equal(val_string(&A, "a\0b", 3),
	    val_string(&A, "a\0b", 3)));
	assert_false(val_equal(val_string(&A, "a\0b", 3),
	    val_string(&A, "a\0c", 3)));
	assert_true(val_equal(val_list(&A, l1, 2), val_list(&A, l2, 2)));
	assert_false(val_equal(val_list(&A, l1, 2), val_list(&A, l3, 2)));
	assert_false(val_equal(val_list(&A, l1, 2), val_list(&A, l1, 1)));
	assert_true(val_equal(val_list(&A, NULL, 0), val_list(&A, NULL, 0)));
	assert_true(val_equal(val_object(&A, m1, 2, NULL),
	    val_object(&A, m2, 2, NULL)));
	assert_false(val_equal(val_object(&A, m1, 2, NULL),
	    val_object(&A, m3, 2, NULL)));
	assert_false(val_equal(val_list(&A, NULL, 0),
	    val_object(&A, NULL, 0, NULL)));
	assert_false(val_equal(val_unknown(), val_unknown()));
	assert_false(val_equal(val_double(&A, NAN), val_double(&A, NAN)));
}

static void
test_object(void **state)
{
	struct val_member m[] = {
		{ "zeta", 4, I(1) }, { "a", 1, I(2) }, { "ab", 2, I(3) },
		{ "\xc3\xa9", 2, I(4) }, { "B", 1, I(5) },
	};
	struct val_member d[] = {
		{ "x", 1, I(1) }, { "y", 1, I(2) }, { "z", 1, I(3) },
		{ "y", 1, I(4) }, { "x", 1, I(5) },
	};
	const struct value *o;
	size_t dup = 99;

	(void)state;
	o = val_object(&A, m, 5, &dup);
	assert_non_null(o);
	assert_int_equal(dup, 99);
	assert_int_equal(o->u.obj.n, 5);
	assert_string_equal(o->u.obj.members[0].key, "B");
	assert_string_equal(o->u.obj.members[1].key, "a");
	assert_string_equal(o->u.obj.members[2].key, "ab");
	assert_string_equal(o->u.obj.members[3].key, "zeta");
	assert_string_equal(o->u.obj.members[4].key, "\xc3\xa9");
	/* The caller's array is untouched. */
	assert_string_equal(m[0].key, "zeta");
	assert_int_equal(val_object_cget(o, "ab")->u.num.i, 3);
	assert_int_equal(val_object_cget(o, "B")->u.num.i, 5);
	assert_int_equal(val_object_cget(o, "\xc3\xa9")->u.num.i, 4);
	assert_int_equal(val_object_get(o, "abc", 1)->u.num.i, 2);
	assert_null(val_object_cget(o, "b"));
	assert_null(val_object_cget(o, "abc"));
	assert_null(val_object_cget(o, ""));
	assert_null(val_object_cget(I(1), "a"));
	assert_null(val_object(&A, d, 5, &dup));
	assert_int_equal(dup, 3);
	o = val_object(&A, NULL, 0, &dup);
	assert_int_equal(o->kind, VAL_OBJECT);
	assert_int_equal(o->u.obj.n, 0);
	assert_null(val_object_cget(o, "a"));
}

static void
test_unknown(void **state)
{
	const struct value *l[] = { I(1), val_unknown() };
	struct val_member m[] = { { "k", 1, val_list(&A, l, 2) } };

	(void)state;
	assert_false(val_is_unknown(I(1)));
	assert_false(val_is_unknown(val_list(&A, l, 1)));
	assert_true(val_is_unknown(val_list(&A, l, 2)));
	assert_true(val_is_unknown(val_object(&A, m, 1, NULL)));
}

static void
test_conversions(void **state)
{
	const struct value *v;

	(void)state;
	v = val_to_string(&A, I(-12));
	assert_string_equal(v->u.str.s, "-12");
	assert_int_equal(v->u.str.len, 3);
	assert_string_equal(val_to_string(&A, val_double(&A, 0.1))->u.str.s,
	    "0.1");
	assert_string_equal(val_to_string(&A, val_bool(true))->u.str.s,
	    "true");
	assert_string_equal(val_to_string(&A, val_bool(false))->u.str.s,
	    "false");
	v = S("x");
	assert_ptr_equal(val_to_string(&A, v), v);
	assert_null(val_to_string(&A, val_null()));
	assert_null(val_to_string(&A, val_list(&A, NULL, 0)));
	assert_null(val_to_string(&A, val_object(&A, NULL, 0, NULL)));

	v = val_to_number(&A, S("12"));
	assert_true(v->u.num.is_int);
	assert_int_equal(v->u.num.i, 12);
	v = val_to_number(&A, S("-1.5"));
	assert_true(v->u.num.d == -1.5);
	v = val_to_number(&A, S("1e3"));
	assert_true(v->u.num.d == 1000);
	assert_null(val_to_number(&A, S("12a")));
	assert_null(val_to_number(&A, S("")));
	assert_null(val_to_number(&A, S(" 1")));
	assert_null(val_to_number(&A, val_bool(true)));
	assert_null(val_to_number(&A, val_null()));
	v = I(5);
	assert_ptr_equal(val_to_number(&A, v), v);

	assert_ptr_equal(val_to_bool(S("true")), val_bool(true));
	assert_ptr_equal(val_to_bool(S("false")), val_bool(false));
	assert_ptr_equal(val_to_bool(val_bool(true)), val_bool(true));
	assert_null(val_to_bool(S("True")));
	assert_null(val_to_bool(S("1")));
	assert_null(val_to_bool(I(1)));
	assert_null(val_to_bool(val_null()));
}

static void
test_to_json(void **state)
{
	struct val_member inner[] = { { "b", 1, I(1) }, { "a", 1, val_null() } };
	const struct value *items[4];
	struct val_member outer[2];
	const struct value *v;
	struct val_json_opts py = { 2, true, NULL, NULL, false, false };
	struct val_json_opts pysep = { -1, false, ", ", ": ", false, false };
	struct val_json_opts ascii = { -1, false, NULL, NULL, false, true };
	struct val_json_opts refs = { -1, false, NULL, NULL, true, false };

	(void)state;
	items[0] = S("x\"\\\n\t\x01\x7f");
	items[1] = val_double(&A, 2.5);
	items[2] = val_list(&A, NULL, 0);
	items[3] = val_object(&A, NULL, 0, NULL);
	outer[0].key = "list";
	outer[0].keylen = 4;
	outer[0].val = val_list(&A, items, 4);
	outer[1].key = "obj";
	outer[1].keylen = 3;
	outer[1].val = val_object(&A, inner, 2, NULL);
	v = val_object(&A, outer, 2, NULL);
	assert_string_equal(json(v, NULL),
	    "{\"list\":[\"x\\\"\\\\\\n\\t\\u0001\\u007f\",2.5,[],{}],"
	    "\"obj\":{\"a\":null,\"b\":1}}");
	assert_string_equal(json(v, &py),
	    "{\n"
	    "  \"list\": [\n"
	    "    \"x\\\"\\\\\\n\\t\\u0001\\u007f\",\n"
	    "    2.5,\n"
	    "    [],\n"
	    "    {}\n"
	    "  ],\n"
	    "  \"obj\": {\n"
	    "    \"a\": null,\n"
	    "    \"b\": 1\n"
	    "  }\n"
	    "}");
	assert_string_equal(json(v, &pysep),
	    "{\"list\": [\"x\\\"\\\\\\n\\t\\u0001\\u007f\", 2.5, [], {}], "
	    "\"obj\": {\"a\": null, \"b\": 1}}");
	/* UTF-8 passes through, or is escaped like Python's ensure_ascii. */
	v = S("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f");
	assert_string_equal(json(v, NULL),
	    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\\u007f\"");
	assert_string_equal(json(v, &ascii),
	    "\"\\u00e9\\u20ac\\ud83d\\ude00\x7f\"");
	assert_string_equal(json(S("\xff"), &ascii), "\"\\ufffd\"");
	assert_string_equal(json(S("\xff"), NULL), "\"\xef\xbf\xbd\"");
	/* Unknowns and non-finite numbers. */
	assert_string_equal(json(val_unknown(), NULL), "ERR:22");
	assert_string_equal(json(val_unknown_ref(&A, "task.a.b.c"), &refs),
	    "\"${task.a.b.c}\"");
	assert_string_equal(json(val_unknown(), &refs), "\"${unknown}\"");
	assert_string_equal(json(val_double(&A, INFINITY), NULL), "ERR:33");
	assert_string_equal(json(I(INT64_MIN), NULL), "-9223372036854775808");
	assert_string_equal(json(val_double(&A, 1e16), NULL),
	    "10000000000000000");
	assert_string_equal(json(val_double(&A, 1e300), NULL), "1e+300");
	assert_string_equal(json(val_double(&A, -9223372036854775808.0 * 2),
	    NULL), "-1.8446744073709552e+19");
	assert_string_equal(json(val_number_parse(&A, "123456789012345678901",
	    21), NULL), "123456789012345678901");
	assert_string_equal(json(val_bool(false), NULL), "false");
}

static void
test_to_json_cap(void **state)
{
	struct buf b;
	const struct value *items[] = { S("abcdef"), S("ghijkl") };

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(val_to_json(&b, val_list(&A, items, 2), NULL), -1);
	assert_int_equal(errno, EFBIG);
	buf_release(&b);
}

static void
test_from_json(void **state)
{
	const struct value *v, *w;
	const char *err = NULL;
	int line = 0, col = 0;
	struct buf b = BUF_INIT;

	(void)state;
	v = fromjson("{\"b\": [1, 2.5, \"x\\u00e9\\ud83d\\ude00\\n\"], "
	    "\"a\": {\"z\": null, \"y\": true}, \"b2\": false}");
	assert_int_equal(v->kind, VAL_OBJECT);
	assert_string_equal(v->u.obj.members[0].key, "a");
	w = val_object_cget(v, "b");
	assert_int_equal(w->u.list.n, 3);
	assert_true(w->u.list.items[0]->u.num.is_int);
	assert_int_equal(w->u.list.items[0]->u.num.i, 1);
	assert_false(w->u.list.items[1]->u.num.is_int);
	assert_true(w->u.list.items[1]->u.num.d == 2.5);
	assert_string_equal(w->u.list.items[2]->u.str.s,
	    "x\xc3\xa9\xf0\x9f\x98\x80\n");
	assert_ptr_equal(val_object_cget(v, "b2"), val_bool(false));
	/* Round trip. */
	assert_int_equal(val_to_json(&b, v, NULL), 0);
	assert_string_equal(buf_str(&b),
	    "{\"a\":{\"y\":true,\"z\":null},\"b\":[1,2.5,"
	    "\"x\xc3\xa9\xf0\x9f\x98\x80\\n\"],\"b2\":false}");
	assert_true(val_equal(fromjson(buf_str(&b)), v));
	buf_release(&b);
	/* Scalars at the top, NUL in strings, exact integers. */
	assert_ptr_equal(fromjson("null"), val_null());
	v = fromjson("\"a\\u0000b\"");
	assert_int_equal(v->u.str.len, 3);
	assert_memory_equal(v->u.str.s, "a\0b", 3);
	v = fromjson("-9223372036854775808");
	assert_true(v->u.num.is_int && v->u.num.i == INT64_MIN);
	v = fromjson("9223372036854775807");
	assert_true(v->u.num.is_int && v->u.num.i == INT64_MAX);
	v = fromjson("[18446744073709551616]");
	assert_false(v->u.list.items[0]->u.num.is_int);
	assert_true(v->u.list.items[0]->u.num.d == 18446744073709551616.0);
	v = fromjson("{\"k\": 1, \"k\": 2}");
	assert_int_equal(v->u.obj.n, 1);
	assert_int_equal(val_object_cget(v, "k")->u.num.i, 2);
	/* Errors. */
	assert_null(val_from_json(&A, "{\"a\":\n  tru}", 12, &err, &line,
	    &col));
	assert_non_null(err);
	assert_int_equal(line, 2);
	assert_true(col >= 3);
	err = NULL;
	assert_null(val_from_json(&A, "", 0, &err, &line, &col));
	assert_non_null(err);
	assert_null(val_from_json(&A, "[1] x", 5, &err, &line, &col));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_singletons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_number_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_number_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_number_helpers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_equal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_object, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conversions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_to_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_to_json_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_json, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
