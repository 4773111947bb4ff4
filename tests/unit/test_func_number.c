#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "func_test.h"

static void
test_int_float(void **state)
{
	(void)state;
	OK("int", "[3.7]", "3");
	OK("int", "[-3.7]", "-3");
	OK("int", "[42]", "42");
	OK("int", "[\"42\"]", "42");
	OK("int", "[\"3.9\"]", "3");
	OK("int", "[\"-1e3\"]", "-1000");
	OK("int", "[true]", "1");
	OK("int", "[false]", "0");
	OK("int", "[\"ff\", 16]", "255");
	OK("int", "[\"0x1F\", 16]", "31");
	OK("int", "[\"-101\", 2]", "-5");
	OK("int", "[\"z\", 36]", "35");
	OK("int", "[\"-9223372036854775808\", 10]", "-9223372036854775808");
	OK("int", "[\"18446744073709551616\", 10]", "1.8446744073709552e+19");
	ERR("int", "[\"z\", 10]", 0,
	    "invalid value for 'value' in 'int': 'z' is not a whole number in base 10");
	ERR("int", "[\"0x\", 16]", 0,
	    "invalid value for 'value' in 'int': '0x' is not a whole number in base 16");
	ERR("int", "[5, 16]", 0,
	    "invalid value for 'value' in 'int': string required with a base, got number");
	ERR("int", "[\"1\", 1]", 1,
	    "invalid value for 'base' in 'int': base must be from 2 to 36, got 1");
	ERR("int", "[\"abc\"]", 0, "invalid value for 'value' in 'int': "
	    "number required, got a string that is not a number");
	ERR("int", "[null]", 0,
	    "invalid value for 'value' in 'int': number required, got null");
	OK("float", "[1]", "1");
	OK("float", "[\"2.5\"]", "2.5");
	OK("float", "[true]", "1");
	OK("float", "[9007199254740993]", "9007199254740992");
	ERR("float", "[[1]]", 0,
	    "invalid value for 'value' in 'float': number required, got list");
}

static void
test_bool(void **state)
{
	(void)state;
	OK("bool", "[\"true\"]", "true");
	OK("bool", "[\"false\"]", "false");
	OK("bool", "[true]", "true");
	OK("bool", "[0]", "false");
	OK("bool", "[0.0]", "false");
	OK("bool", "[2]", "true");
	OK("bool", "[\"\"]", "false");
	OK("bool", "[\"yes\"]", "true");
	OK("bool", "[null]", "false");
	OK("bool", "[[]]", "false");
	OK("bool", "[[0]]", "true");
	OK("bool", "[{\"a\": 1}]", "true");
}

static void
test_abs(void **state)
{
	(void)state;
	OK("abs", "[-5]", "5");
	OK("abs", "[5]", "5");
	OK("abs", "[-2.5]", "2.5");
	OK("abs", "[\"-3\"]", "3");
	OK("abs", "[\"-123456789012345678901234567890\"]",
	    "123456789012345678901234567890");
	OK("abs", "[-9223372036854775808]", "9.223372036854776e+18");
	ERR("abs", "[\"x\"]", 0, "invalid value for 'num' in 'abs': "
	    "number required, got a string that is not a number");
}

static void
test_round(void **state)
{
	(void)state;
	OK("round", "[2.5]", "2");
	OK("round", "[3.5]", "4");
	OK("round", "[-2.5]", "-2");
	OK("round", "[0.5]", "0");
	OK("round", "[-0.4]", "0");
	OK("round", "[2.6]", "3");
	OK("round", "[7]", "7");
	OK("round", "[\"1.5\"]", "2");
	OK("round", "[2.675, 2]", "2.67");
	OK("round", "[1.005, 2]", "1");
	OK("round", "[0.125, 2]", "0.12");
	OK("round", "[0.375, 2]", "0.38");
	OK("round", "[3.14159, 3]", "3.142");
	OK("round", "[2.5, 0]", "2");
	OK("round", "[7, 2]", "7");
	OK("round", "[1234, -2]", "1200");
	OK("round", "[1250, -2]", "1200");
	OK("round", "[1350, -2]", "1400");
	OK("round", "[-1250, -2]", "-1200");
	OK("round", "[-1251, -2]", "-1300");
	OK("round", "[5, -1]", "0");
	OK("round", "[15, -1]", "20");
	OK("round", "[12.5, -1]", "10");
	OK("round", "[9223372036854775807, -19]", "1e+19");
	OK("round", "[9223372036854775807, -20]", "0");
	OK("round", "[-9223372036854775808, -1]", "-9.223372036854776e+18");
	/* A double has no fraction digits to round at 1e300. */
	OK("round", "[1.5e300, 400]", "1.5e+300");
	ERR("round", "[1.5, 0.5]", 1,
	    "invalid value for 'ndigits' in 'round': whole number required, got 0.5");
	ERR("round", "[\"x\"]", 0, "invalid value for 'num' in 'round': "
	    "number required, got a string that is not a number");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FT_TEST(test_int_float),
		FT_TEST(test_bool),
		FT_TEST(test_abs),
		FT_TEST(test_round),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
