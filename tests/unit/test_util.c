#include "config.h"

#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/shquote.h"
#include "util/strvec.h"
#include "util/utf8.h"

static void
test_buf_append_and_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_printf(&b, "%d", 12345), 0);
	assert_string_equal(buf_str(&b), "abc12345");
	errno = 0;
	assert_int_equal(buf_putc(&b, 'x'), -1);
	assert_int_equal(errno, EFBIG);
	assert_int_equal(b.len, 8);
	assert_string_equal(buf_str(&b), "abc12345");
	buf_release(&b);
}

static void
test_buf_binary(void **state)
{
	struct buf b = BUF_INIT;
	size_t len;
	char *p;

	(void)state;
	assert_int_equal(buf_append(&b, "a\0b", 3), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	p = buf_detach(&b, &len);
	assert_int_equal(len, 3);
	assert_null(b.data);
	free(p);
}

static void
test_arena(void **state)
{
	struct arena a = ARENA_INIT;
	char *big, *s;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		s = arena_printf(&a, "item-%d", i);
		assert_string_equal(s + 5, s + 5);
		assert_int_equal(((uintptr_t)arena_alloc(&a, 3)) % alignof(max_align_t), 0);
	}
	big = arena_alloc(&a, 1 << 20);
	memset(big, 'x', 1 << 20);
	s = arena_strndup(&a, "hello world", 5);
	assert_string_equal(s, "hello");
	arena_release(&a);
	assert_null(a.head);
}

static void
test_strvec(void **state)
{
	struct strvec sv = STRVEC_INIT;

	(void)state;
	assert_null(strvec_argv(&sv)[0]);
	for (int i = 0; i < 20; i++)
		strvec_pushf(&sv, "%d", i);
	assert_int_equal(sv.n, 20);
	assert_string_equal(sv.v[19], "19");
	assert_null(sv.v[20]);
	strvec_release(&sv);
}

static void
check_quote(const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(shquote_append(&b, in, strlen(in)), 0);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

static void
test_shquote(void **state)
{
	(void)state;
	check_quote("plain-word_1.2/x:y=z", "plain-word_1.2/x:y=z");
	check_quote("", "''");
	check_quote("two words", "'two words'");
	check_quote("it's", "'it'\\''s'");
	check_quote("$HOME", "'$HOME'");
	check_quote("a\nb", "'a\nb'");
	check_quote("~", "'~'");
}

static void
test_utf8(void **state)
{
	uint32_t cp = 0;
	char out[4];

	(void)state;
	assert_int_equal(utf8_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(utf8_decode("\xc0\x80", 2, &cp), 0);	/* overlong */
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 0); /* surrogate */
	assert_int_equal(utf8_decode("\xe2\x82", 2, &cp), 0);	/* truncated */
	assert_int_equal(utf8_invalid_at("ab\xffz", 4), 2);
	assert_int_equal(utf8_invalid_at("abc", 3), 3);
	assert_int_equal(utf8_encode(0x20ac, out), 3);
	assert_memory_equal(out, "\xe2\x82\xac", 3);
	assert_int_equal(utf8_encode(0xd800, out), 0);
}

/* utf8_escape_append with flags, as a string. */
static void
check_escape(const char *s, size_t n, unsigned flags, const char *want)
{
	struct buf b = BUF_INIT;

	utf8_escape_append(&b, s, n, flags);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

static void
test_utf8_escape(void **state)
{
	const char text[] = "a\033[2J\tb\nc\r\0\x7f\xc2\x9b\xff\xc3\xa9";
	char esc[8];

	(void)state;
	check_escape(text, sizeof(text) - 1, 0,
	    "a\\u001B[2J\\tb\\nc\\r\\u0000\\u007F\\u009B\\xff\xc3\xa9");
	check_escape(text, sizeof(text) - 1,
	    UTF8_KEEP_TAB | UTF8_KEEP_NEWLINE | UTF8_KEEP_INVALID,
	    "a\\u001B[2J\tb\nc\\r\\u0000\\u007F\\u009B\xff\xc3\xa9");
	check_escape("", 0, 0, "");
	assert_int_equal(utf8_escape('x', 0, esc), 0);
	assert_int_equal(utf8_escape(0xa0, 0, esc), 0);	/* no-break space */
	assert_int_equal(utf8_escape(0x1b, 0, esc), 6);
	assert_memory_equal(esc, "\\u001B", 6);
	assert_int_equal(utf8_escape('\t', UTF8_KEEP_TAB, esc), 0);
	assert_int_equal(utf8_escape('\t', UTF8_KEEP_NEWLINE, esc), 2);
}

static void
test_jsonw(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(jsonw_string(&b, "a\"b\\\n\x01\xc3\xa9\xff", 9), 0);
	assert_string_equal(buf_str(&b),
	    "\"a\\\"b\\\\\\n\\u0001\xc3\xa9\xef\xbf\xbd\"");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_append_and_cap),
		cmocka_unit_test(test_buf_binary),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_strvec),
		cmocka_unit_test(test_shquote),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_utf8_escape),
		cmocka_unit_test(test_jsonw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
