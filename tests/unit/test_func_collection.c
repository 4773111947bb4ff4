#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "func_test.h"

static void
test_concat_keys_values(void **state)
{
	(void)state;
	OK("concat", "[[\"echo\"], [\"hello\", \"world\"]]",
	    "[\"echo\",\"hello\",\"world\"]");
	OK("concat", "[[]]", "[]");
	OK("concat", "[[1], [], [[2]]]", "[1,[2]]");
	ERR("concat", "[[1], \"a\"]", 1,
	    "invalid value for 'lists' in 'concat': list required, got string");
	OK("keys", "[{\"b\": 1, \"a\": 2}]", "[\"a\",\"b\"]");
	OK("keys", "[{}]", "[]");
	OK("values", "[{\"b\": 1, \"a\": 2}]", "[2,1]");
	ERR("keys", "[[1]]", 0,
	    "invalid value for 'object' in 'keys': object required, got list");
	ERR("values", "[null]", 0,
	    "invalid value for 'object' in 'values': object required, got null");
}

static void
test_lookup_merge(void **state)
{
	(void)state;
	OK("lookup", "[{\"a\": \"x\"}, \"a\"]", "\"x\"");
	OK("lookup", "[{\"a\": 1}, \"b\", \"d\"]", "\"d\"");
	OK("lookup", "[{\"a\": 1}, \"a\", \"d\"]", "1");
	OK("lookup", "[{\"1\": true}, 1]", "true");
	ERR("lookup", "[{\"a\": 1}, \"zzz\"]", 1,
	    "invalid value for 'key' in 'lookup': no key 'zzz' in the object");
	ERRD("lookup", "[{\"alpha\": 1, \"beta\": 2}, \"alpa\"]", 1,
	    "invalid value for 'key' in 'lookup': no key 'alpa' in the object",
	    "did you mean 'alpha'?");
	ERR("lookup", "[[1], \"a\"]", 0,
	    "invalid value for 'object' in 'lookup': object required, got list");
	OK("merge", "[{\"a\": 1, \"b\": 2}, {\"b\": 3, \"c\": 4}]",
	    "{\"a\":1,\"b\":3,\"c\":4}");
	OK("merge", "[null, {\"a\": 1}, null]", "{\"a\":1}");
	OK("merge", "[{\"a\": 1}, {\"a\": 2}, {\"a\": 3}]", "{\"a\":3}");
	ERR("merge", "[{\"a\": 1}, [1]]", 1,
	    "invalid value for 'objects' in 'merge': object required, got list");
}

static void
test_contains_length_coalesce(void **state)
{
	(void)state;
	OK("contains", "[[1, \"a\"], \"a\"]", "true");
	OK("contains", "[[1], \"1\"]", "false");
	OK("contains", "[[[1, 2]], [1, 2]]", "true");
	OK("contains", "[[], null]", "false");
	ERR("contains", "[\"abc\", \"a\"]", 0,
	    "invalid value for 'list' in 'contains': list required, got string");
	OK("length", "[\"h\xc3\xa9llo\"]", "5");
	OK("length", "[[1, 2]]", "2");
	OK("length", "[{}]", "0");
	OK("len", "[\"\"]", "0");
	OK("len", "[{\"a\": 1}]", "1");
	ERR("length", "[5]", 0, "invalid value for 'value' in 'length': "
	    "string, list or object required, got number");
	ERR("len", "[null]", 0, "invalid value for 'value' in 'len': "
	    "string, list or object required, got null");
	OK("coalesce", "[null, \"\", \"b\", \"c\"]", "\"b\"");
	OK("coalesce", "[null, 0]", "0");
	OK("coalesce", "[[], 1]", "[]");
	ERR("coalesce", "[null, \"\"]", -1,
	    "every argument of 'coalesce' is null or an empty string");
}

static void
test_sum_min_max(void **state)
{
	(void)state;
	OK("sum", "[[1, 2, 3]]", "6");
	OK("sum", "[[1, 2.5]]", "3.5");
	OK("sum", "[[0.1, 0.2]]", "0.30000000000000004");
	OK("sum", "[[]]", "0");
	OK("sum", "[[1, \"2\"]]", "3");
	OK("sum", "[[1], 10]", "11");
	OK("sum", "[[9223372036854775807, 1]]", "9.223372036854776e+18");
	ERR("sum", "[[1, \"x\"]]", 0,
	    "invalid value for 'list' in 'sum': item 1 must be a number, got string");
	ERR("sum", "[[1], \"x\"]", 1, "invalid value for 'start' in 'sum': "
	    "number required, got a string that is not a number");
	OK("min", "[[3, 1, 2]]", "1");
	OK("max", "[[3, 1, 2]]", "3");
	OK("min", "[3, 1, 2]", "1");
	OK("max", "[1.5, 2]", "2");
	OK("max", "[-1]", "-1");
	OK("min", "[[\"b\", \"a\", \"c\"]]", "\"a\"");
	OK("max", "[\"b\", \"a\", \"c\"]", "\"c\"");
	OK("min", "[[\"10\", \"9\"]]", "9");
	ERR("min", "[[]]", 0, "invalid value for 'values' in 'min': the list is empty");
	ERR("max", "[[1, \"a\"]]", 0, "invalid value for 'values' in 'max': "
	    "items must be all numbers or all strings");
	ERR("min", "[1, \"a\"]", -1,
	    "arguments of 'min' must be all numbers or all strings");
	ERR("min", "[[true, false]]", 0, "invalid value for 'values' in 'min': "
	    "items must be all numbers or all strings");
}

static void
test_sorted(void **state)
{
	(void)state;
	OK("sorted", "[[3, 1, 2.5]]", "[1,2.5,3]");
	OK("sorted", "[[\"b\", \"a\", \"B\"]]", "[\"B\",\"a\",\"b\"]");
	OK("sorted", "[[\"10\", \"9\", \"1\"]]", "[\"1\",\"9\",\"10\"]");
	OK("sorted", "[[]]", "[]");
	OK("sorted", "[{\"b\": 1, \"a\": 2}]", "[\"a\",\"b\"]");
	OK("sorted", "[\"c\xc3\xa9" "a\"]", "[\"a\",\"c\",\"\xc3\xa9\"]");
	OKO("sorted", "[[3, 1, 2]]", "{\"reverse\": true}", "[3,2,1]");
	OKO("sorted", "[[3, 1, 2]]", "{\"reverse\": \"false\"}", "[1,2,3]");
	ERR("sorted", "[[1, \"a\"]]", 0, "invalid value for 'value' in 'sorted': "
	    "items must be all numbers or all strings");
	ERR("sorted", "[5]", 0, "invalid value for 'value' in 'sorted': "
	    "list, object or string required, got number");
	ERRO("sorted", "[[1]]", "{\"reverse\": \"x\"}", -1,
	    "invalid value for option 'reverse' in 'sorted': bool required, got string",
	    NULL);
	ERRO("sorted", "[[1]]", "{\"key\": 1}", -1,
	    "unknown option 'key' for 'sorted'", "'sorted' takes the options 'reverse'");
}

static void
test_range(void **state)
{
	(void)state;
	OK("range", "[3]", "[0,1,2]");
	OK("range", "[0]", "[]");
	OK("range", "[-2]", "[]");
	OK("range", "[1, 4]", "[1,2,3]");
	OK("range", "[3, 1]", "[]");
	OK("range", "[0, 10, 3]", "[0,3,6,9]");
	OK("range", "[5, 0, -2]", "[5,3,1]");
	OK("range", "[\"2\"]", "[0,1]");
	ERR("range", "[0, 1, 0]", 2,
	    "invalid value for 'step' in 'range': step must not be zero");
	ERR("range", "[1.5]", 0,
	    "invalid value for 'stop' in 'range': whole number required, got 1.5");
	ERR("range", "[0, 1.5]", 1,
	    "invalid value for 'stop' in 'range': whole number required, got 1.5");
	ERR("range", "[0, 2000000]", -1,
	    "range would produce 2000000 numbers, more than the limit of 1048576");
	ERR("range", "[-9223372036854775808, 9223372036854775807]", -1,
	    "range would produce 18446744073709551616 numbers, more than the limit of 1048576");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FT_TEST(test_concat_keys_values),
		FT_TEST(test_lookup_merge),
		FT_TEST(test_contains_length_coalesce),
		FT_TEST(test_sum_min_max),
		FT_TEST(test_sorted),
		FT_TEST(test_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
