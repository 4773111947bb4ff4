#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "func_test.h"

static void
test_datetime(void **state)
{
	(void)state;
	OK("datetime", "[2020, 1, 1]", "\"2020-01-01 00:00:00\"");
	OK("datetime", "[2020, 2, 29, 13, 5, 9]", "\"2020-02-29 13:05:09\"");
	OK("datetime", "[2000, 2, 29]", "\"2000-02-29 00:00:00\"");
	OK("datetime", "[2020, 1, 1, 0, 0, 0, 5]", "\"2020-01-01 00:00:00.000005\"");
	OK("datetime", "[1, 12, 31, 23, 59, 59, 999999]",
	    "\"0001-12-31 23:59:59.999999\"");
	OK("datetime", "[\"2020\", \"1\", \"2\"]", "\"2020-01-02 00:00:00\"");
	ERR("datetime", "[2021, 2, 29]", 2,
	    "invalid value for 'day' in 'datetime': must be from 1 to 28, got 29");
	ERR("datetime", "[1900, 2, 29]", 2,
	    "invalid value for 'day' in 'datetime': must be from 1 to 28, got 29");
	ERR("datetime", "[2020, 4, 31]", 2,
	    "invalid value for 'day' in 'datetime': must be from 1 to 30, got 31");
	ERR("datetime", "[2020, 13, 1]", 1,
	    "invalid value for 'month' in 'datetime': must be from 1 to 12, got 13");
	ERR("datetime", "[0, 1, 1]", 0,
	    "invalid value for 'year' in 'datetime': must be from 1 to 9999, got 0");
	ERR("datetime", "[2020, 1, 1, 24]", 3,
	    "invalid value for 'hour' in 'datetime': must be from 0 to 23, got 24");
	ERR("datetime", "[2020, 1, 1, 0, 0, 0, 1000000]", 6,
	    "invalid value for 'microsecond' in 'datetime': must be from 0 to 999999, got 1000000");
	ERR("datetime", "[2020, 1.5, 1]", 1,
	    "invalid value for 'month' in 'datetime': whole number required, got 1.5");
}

static void
test_todatetime(void **state)
{
	(void)state;
	OK("todatetime", "[\"2020-01-01T00:00:00Z\"]", "\"2020-01-01 00:00:00+00:00\"");
	OK("todatetime", "[\"2020-01-01\"]", "\"2020-01-01 00:00:00\"");
	OK("todatetime", "[\"20200101\"]", "\"2020-01-01 00:00:00\"");
	OK("todatetime", "[\"2021-06-12 15:14:01.654\"]",
	    "\"2021-06-12 15:14:01.654000\"");
	OK("todatetime", "[\"2021-06-12 15:14:01,654\"]",
	    "\"2021-06-12 15:14:01.654000\"");
	OK("todatetime", "[\"20200101T120000+0530\"]", "\"2020-01-01 12:00:00+05:30\"");
	OK("todatetime", "[\"2020-01-01T10:30-08:00\"]", "\"2020-01-01 10:30:00-08:00\"");
	OK("todatetime", "[\"2020-01-01T10+02\"]", "\"2020-01-01 10:00:00+02:00\"");
	OK("todatetime", "[\"  2020-01-01t00:00:00.1234567z \"]",
	    "\"2020-01-01 00:00:00.123456+00:00\"");
	ERR("todatetime", "[\"2020-02-30\"]", 0, "invalid value for 'str' in "
	    "'todatetime': '2020-02-30' is not an ISO 8601 date and time such as "
	    "2020-01-01T00:00:00Z");
	ERR("todatetime", "[\"yesterday\"]", 0, "invalid value for 'str' in "
	    "'todatetime': 'yesterday' is not an ISO 8601 date and time such as "
	    "2020-01-01T00:00:00Z");
	ERR("todatetime", "[\"2020-01-01T25:00\"]", 0, "invalid value for 'str' in "
	    "'todatetime': '2020-01-01T25:00' is not an ISO 8601 date and time such as "
	    "2020-01-01T00:00:00Z");
	ERR("todatetime", "[\"2020-01-01T10:00+5\"]", 0, "invalid value for 'str' in "
	    "'todatetime': '2020-01-01T10:00+5' is not an ISO 8601 date and time such as "
	    "2020-01-01T00:00:00Z");
	ERR("todatetime", "[[1]]", 0, "invalid value for 'str' in "
	    "'todatetime': string required, got list");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FT_TEST(test_datetime),
		FT_TEST(test_todatetime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
