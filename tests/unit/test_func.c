#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "func_test.h"

static void
test_lookup(void **state)
{
	const char *const *names;
	size_t n;

	(void)state;
	assert_string_equal(func_lookup("upper")->name, "upper");
	assert_string_equal(func_lookup("base64decode")->name, "base64decode");
	assert_null(func_lookup("uper"));
	assert_null(func_lookup(""));
	names = func_names(&n);
	assert_int_equal(n, 41);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(names[i - 1], names[i]) < 0);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(func_lookup(names[i])->name, names[i]);
	assert_string_equal(names[0], "abs");
	assert_string_equal(names[n - 1], "values");
	/* What the evaluator suggests for an unknown function. */
	assert_string_equal(diag_suggest("uper", names, n), "upper");
	assert_string_equal(diag_suggest("tojsn", names, n), "tojson");
	assert_null(diag_suggest("frobnicate", names, n));
}

static void
test_arity(void **state)
{
	(void)state;
	ERR("upper", "[\"a\", \"b\"]", -1, "function 'upper' takes 1 argument, got 2");
	ERR("upper", "[]", -1, "function 'upper' takes 1 argument, got 0");
	ERR("split", "[\"a\"]", -1, "function 'split' takes 2 arguments, got 1");
	ERR("lookup", "[{}]", -1, "function 'lookup' takes 2 or 3 arguments, got 1");
	ERR("datetime", "[1, 2]", -1,
	    "function 'datetime' takes 3 to 7 arguments, got 2");
	ERR("concat", "[]", -1, "function 'concat' takes at least 1 argument, got 0");
	OK("merge", "[]", "{}");
}

static void
test_options(void **state)
{
	(void)state;
	OKO("tojson", "[[1]]", "{}", "\"[1]\"");
	OKO("upper", "[\"a\"]", "{}", "\"A\"");
	ERRO("tojson", "[1]", "{\"indnet\": 2}", -1,
	    "unknown option 'indnet' for 'tojson'", "did you mean 'indent'?");
	ERRO("tojson", "[1]", "{\"zzzzzzzz\": 2}", -1,
	    "unknown option 'zzzzzzzz' for 'tojson'",
	    "'tojson' takes the options 'indent', 'sort_keys', 'separators', "
	    "'ensure_ascii'");
	ERRO("upper", "[\"a\"]", "{\"indent\": 2}", -1,
	    "function 'upper' takes no options", NULL);
	ERRO("tojson", "[1]", "[1]", -1,
	    "options for 'tojson' must be an object, got list", NULL);
}

static void
test_error_location(void **state)
{
	const struct value *args[1];
	struct func_call c;

	(void)state;
	/* Without argument spans an argument error points at the call. */
	args[0] = val_int(&ft_arena, 1);
	memset(&c, 0, sizeof(c));
	c.name = "keys";
	c.arena = &ft_arena;
	c.args = args;
	c.nargs = 1;
	c.diags = &ft_diags;
	c.span = span_make(3, 9);
	assert_null(func_invoke(func_lookup("keys"), &c));
	assert_int_equal(ft_diags.n, 1);
	assert_string_equal(ft_diags.v[0].summary,
	    "invalid value for 'object' in 'keys': object required, got number");
	assert_int_equal(ft_diags.v[0].subject.start, 3);
	assert_int_equal(ft_diags.v[0].subject.end, 9);
	/* Extra arguments of a variadic function take its last name. */
	diag_list_release(&ft_diags);
	ERR("concat", "[[1], [2], 3]", 2,
	    "invalid value for 'lists' in 'concat': list required, got number");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FT_TEST(test_lookup),
		FT_TEST(test_arity),
		FT_TEST(test_options),
		FT_TEST(test_error_location),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
