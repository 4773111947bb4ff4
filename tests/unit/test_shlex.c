#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/shlex.h"
#include "util/shquote.h"
#include "util/strvec.h"

/*
 * Each case was checked against Python 3's shlex.split(), which is what
 * docker-py's split_command calls.  nwords -1 means Python raised
 * ValueError with the message in err.
 */
struct shlex_case {
	const char *in;
	const char *err;
	int nwords;
	const char *words[4];
};

static const struct shlex_case cases[] = {
	{ "/bin/bash -c 'exit 1'", NULL, 3, { "/bin/bash", "-c", "exit 1" } },
	{ "echo hello world", NULL, 3, { "echo", "hello", "world" } },
	{ "", NULL, 0, { NULL } },
	{ "   ", NULL, 0, { NULL } },
	{ " \t\r\n", NULL, 0, { NULL } },
	{ "a\x0b""b", NULL, 1, { "a\x0b""b" } },
	{ "a\x0c""b", NULL, 1, { "a\x0c""b" } },
	{ "  leading and trailing  ", NULL, 3,
	    { "leading", "and", "trailing" } },
	{ "a\tb\nc\rd", NULL, 4, { "a", "b", "c", "d" } },
	{ "\"b\\$c\"", NULL, 1, { "b\\$c" } },
	{ "\"a\\\"b\"", NULL, 1, { "a\"b" } },
	{ "\"a\\\\b\"", NULL, 1, { "a\\b" } },
	{ "\"a\\nb\"", NULL, 1, { "a\\nb" } },
	{ "\"\\`x\"", NULL, 1, { "\\`x" } },
	{ "\"a\\ b\"", NULL, 1, { "a\\ b" } },
	{ "a\\ b", NULL, 1, { "a b" } },
	{ "\\a\\b", NULL, 1, { "ab" } },
	{ "'a\\b'", NULL, 1, { "a\\b" } },
	{ "'a\"b'", NULL, 1, { "a\"b" } },
	{ "\"a'b\"", NULL, 1, { "a'b" } },
	{ "a#b #c", NULL, 2, { "a#b", "#c" } },
	{ "#", NULL, 1, { "#" } },
	{ "''", NULL, 1, { "" } },
	{ "'' x", NULL, 2, { "", "x" } },
	{ "x ''", NULL, 2, { "x", "" } },
	{ "a''", NULL, 1, { "a" } },
	{ "\"\"", NULL, 1, { "" } },
	{ "\"\" \"\"", NULL, 2, { "", "" } },
	{ "a\"\"b", NULL, 1, { "ab" } },
	{ "a\\\nb", NULL, 1, { "a\nb" } },
	{ "\\\n", NULL, 1, { "\n" } },
	{ "\\'", NULL, 1, { "'" } },
	{ "\\\"", NULL, 1, { "\"" } },
	{ "x'y'\"z\"w", NULL, 1, { "xyzw" } },
	{ "a\\\"", NULL, 1, { "a\"" } },
	{ "\"\\\\\\\"\"", NULL, 1, { "\\\"" } },
	{ "'it'\\''s'", NULL, 1, { "it's" } },
	{ "sh -c 'echo \"$HOME\"'", NULL, 3, { "sh", "-c", "echo \"$HOME\"" } },
	{ "printf '%s\\n' a b", NULL, 4, { "printf", "%s\\n", "a", "b" } },
	{ "a;b|c&d>e<f", NULL, 1, { "a;b|c&d>e<f" } },
	{ "$(echo x) `y`", NULL, 3, { "$(echo", "x)", "`y`" } },
	{ "~ * ?", NULL, 3, { "~", "*", "?" } },
	{ "\xc3\xa9t\xc3\xa9 \xc3\x9f", NULL, 2,
	    { "\xc3\xa9t\xc3\xa9", "\xc3\x9f" } },
	{ "\xc2""\xa0""x", NULL, 1, { "\xc2""\xa0""x" } },
	{ "a=b c='d e'", NULL, 2, { "a=b", "c=d e" } },
	{ "\\", "No escaped character", -1, { NULL } },
	{ "'abc", "No closing quotation", -1, { NULL } },
	{ "\"abc", "No closing quotation", -1, { NULL } },
	{ "a\\", "No escaped character", -1, { NULL } },
	{ "\"a\\", "No escaped character", -1, { NULL } },
	{ "'", "No closing quotation", -1, { NULL } },
	{ "\"", "No closing quotation", -1, { NULL } },
	{ "x 'y", "No closing quotation", -1, { NULL } },
	{ "x \"y\\\"", "No closing quotation", -1, { NULL } },
};

/* Every case of the table, word by word. */
static void
test_shlex_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct shlex_case *c = &cases[i];
		struct strvec sv = STRVEC_INIT;
		const char *err = "unset";
		int n;

		n = shlex_split(c->in, strlen(c->in), &sv, &err);
		if (n != c->nwords)
			fail_msg("case %zu <%s>: %d words, want %d", i, c->in,
			    n, c->nwords);
		if (c->err != NULL) {
			assert_non_null(err);
			assert_string_equal(err, c->err);
		} else {
			assert_null(err);
			assert_int_equal(sv.n, (size_t)n);
			for (int j = 0; j < n; j++)
				assert_string_equal(sv.v[j], c->words[j]);
		}
		strvec_release(&sv);
	}
}

/* Words are appended after what the vector already holds. */
static void
test_shlex_appends(void **state)
{
	struct strvec sv = STRVEC_INIT;
	const char *err;

	(void)state;
	strvec_push(&sv, "first");
	assert_int_equal(shlex_split("a 'b c'", 7, &sv, &err), 2);
	assert_int_equal(sv.n, 3);
	assert_string_equal(sv.v[0], "first");
	assert_string_equal(sv.v[1], "a");
	assert_string_equal(sv.v[2], "b c");
	assert_null(sv.v[3]);
	/* Words before an error stay; the count is -1. */
	assert_int_equal(shlex_split("x 'y", 4, &sv, &err), -1);
	assert_string_equal(err, "No closing quotation");
	assert_int_equal(sv.n, 4);
	assert_string_equal(sv.v[3], "x");
	strvec_release(&sv);
}

/* The length bounds the input, and a NUL byte is refused. */
static void
test_shlex_nul_and_length(void **state)
{
	struct strvec sv = STRVEC_INIT;
	const char in[] = "a 'c\0' d";
	const char *err;

	(void)state;
	assert_int_equal(shlex_split(in, sizeof(in) - 1, &sv, &err), -1);
	assert_string_equal(err, "embedded null byte");
	assert_int_equal(sv.n, 0);
	assert_int_equal(shlex_split(in, 1, &sv, &err), 1);
	assert_string_equal(sv.v[0], "a");
	strvec_release(&sv);
	assert_int_equal(shlex_split("ab cd", 4, &sv, &err), 2);
	assert_string_equal(sv.v[1], "c");
	strvec_release(&sv);
}

/* Splitting what shquote_argv printed gives the words back. */
static void
test_shlex_shquote_roundtrip(void **state)
{
	static const char *const words[] = {
		"plain", "", "two words", "it's", "\"dq\"", "back\\slash",
		"tab\there", "new\nline", "$HOME", "#hash", "-x", "\xc3\xa9",
		"''", "a'b'c", NULL,
	};
	struct buf b = BUF_INIT;
	struct strvec sv = STRVEC_INIT;
	const char *err;
	size_t n = sizeof(words) / sizeof(words[0]) - 1;

	(void)state;
	assert_int_equal(shquote_argv(&b, (char *const *)words), 0);
	assert_int_equal(shlex_split(b.data, b.len, &sv, &err), (int)n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(sv.v[i], words[i]);
	strvec_release(&sv);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shlex_table),
		cmocka_unit_test(test_shlex_appends),
		cmocka_unit_test(test_shlex_nul_and_length),
		cmocka_unit_test(test_shlex_shquote_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
