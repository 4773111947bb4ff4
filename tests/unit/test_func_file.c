#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "func_test.h"

/* Write len bytes to a new temporary file; returns its malloc'd path. */
static char *
temp_file(const char *data, size_t len)
{
	char *path = strdup("/tmp/rf-test-file-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void
test_file(void **state)
{
	char args[256], want[512];
	char *ok = temp_file("h\xc3\xa9llo\n", 7);
	char *empty = temp_file("", 0);
	char *bad = temp_file("a\xff", 2);

	(void)state;
	snprintf(args, sizeof(args), "[\"%s\"]", ok);
	OK("file", args, "\"h\xc3\xa9llo\\n\"");
	snprintf(args, sizeof(args), "[\"%s\"]", empty);
	OK("file", args, "\"\"");
	snprintf(args, sizeof(args), "[\"%s\"]", bad);
	snprintf(want, sizeof(want), "invalid value for 'path' in 'file': "
	    "'%s' is not UTF-8 text (byte 1)", bad);
	ERR("file", args, 0, want);
	ERR("file", "[\"/nonexistent/rf-x\"]", 0, "invalid value for 'path' in "
	    "'file': cannot read '/nonexistent/rf-x': No such file or directory");
	ERR("file", "[\"/\"]", 0, "invalid value for 'path' in 'file': "
	    "cannot read '/': Is a directory");
	ERR("file", "[\"\"]", 0, "invalid value for 'path' in 'file': "
	    "a file name required, got ''");
	unlink(ok);
	unlink(empty);
	unlink(bad);
	free(ok);
	free(empty);
	free(bad);
}

static void
test_env(void **state)
{
	(void)state;
	setenv("RF_TEST_SET", "v a l", 1);
	setenv("RF_TEST_EMPTY", "", 1);
	unsetenv("RF_TEST_UNSET");
	OK("env", "[\"RF_TEST_SET\"]", "\"v a l\"");
	OK("env", "[\"RF_TEST_SET\", \"d\"]", "\"v a l\"");
	OK("env", "[\"RF_TEST_EMPTY\", \"d\"]", "\"\"");
	OK("env", "[\"RF_TEST_UNSET\", \"d\"]", "\"d\"");
	OK("env", "[\"RF_TEST_UNSET\", 5]", "\"5\"");
	ERR("env", "[\"RF_TEST_UNSET\"]", 0, "invalid value for 'name' in 'env': "
	    "environment variable 'RF_TEST_UNSET' is not set");
	ERR("env", "[\"\"]", 0,
	    "invalid value for 'name' in 'env': '' is not a variable name");
	ERR("env", "[\"A=B\"]", 0,
	    "invalid value for 'name' in 'env': 'A=B' is not a variable name");
	ERR("env", "[\"X\", [1]]", 1,
	    "invalid value for 'default' in 'env': string required, got list");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FT_TEST(test_file),
		FT_TEST(test_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
