#include "config.h"

#include <sys/wait.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "diag/diag.h"

/* Render dl into a malloc'd string. */
static char *
render(const struct diag_list *dl, enum diag_format fmt)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	diag_render(f, dl, fmt, false);
	fclose(f);
	return text;
}

static void
test_source_positions(void **state)
{
	const char text[] = "a = 1\r\n\tb = \"\xc3\xa9t\xc3\xa9\" x\nlast";
	struct source *src = source_new("f.hcl", text, sizeof(text) - 1);
	struct src_pos p;

	(void)state;
	assert_int_equal(source_nlines(src), 3);
	assert_int_equal(source_line_start(src, 1), 0);
	assert_int_equal(source_line_start(src, 2), 7);
	assert_int_equal(source_line_start(src, 3), 22);
	p = source_pos(src, 0);
	assert_int_equal(p.line, 1);
	assert_int_equal(p.column, 1);
	p = source_pos(src, 8);		/* 'b' after a tab */
	assert_int_equal(p.line, 2);
	assert_int_equal(p.column, 2);
	p = source_pos(src, 21);	/* 'x' after two two-byte letters */
	assert_int_equal(p.line, 2);
	assert_int_equal(p.column, 13);
	p = source_pos(src, sizeof(text) - 1);
	assert_int_equal(p.line, 3);
	assert_int_equal(p.column, 5);
	source_free(src);
}

static void
test_render_text(void **state)
{
	const char text[] = "flow \"f\" {\n  x = uper(\"a\")\n}\n";
	struct source *src = source_new("f.hcl", text, sizeof(text) - 1);
	struct diag_list dl = DIAG_LIST_INIT;
	struct diag *d;
	char *out;

	(void)state;
	d = diag_error(&dl, src, span_make(17, 21), "unknown function '%s'", "uper");
	diag_set_detail(d, "did you mean 'upper'?");
	diag_warning(&dl, NULL, span_make(0, 0), "no location");
	assert_true(diag_has_errors(&dl));
	out = render(&dl, DIAG_FORMAT_TEXT);
	assert_string_equal(out,
	    "f.hcl:2:7: error: unknown function 'uper'\n"
	    "    2 |   x = uper(\"a\")\n"
	    "      |       ^~~~\n"
	    "did you mean 'upper'?\n"
	    "runflow: warning: no location\n");
	free(out);
	diag_list_release(&dl);
	source_free(src);
}

static void
test_render_json(void **state)
{
	const char text[] = "a = \"\xc3\xa9\" +\n";
	struct source *src = source_new("x.hcl", text, sizeof(text) - 1);
	struct diag_list dl = DIAG_LIST_INIT;
	char *out;

	(void)state;
	diag_error(&dl, src, span_make(9, 10), "missing \"operand\"");
	out = render(&dl, DIAG_FORMAT_JSON);
	assert_string_equal(out,
	    "[{\"severity\":\"error\",\"summary\":\"missing \\\"operand\\\"\","
	    "\"detail\":null,\"range\":{\"filename\":\"x.hcl\","
	    "\"start\":{\"line\":1,\"column\":9,\"byte\":9},"
	    "\"end\":{\"line\":1,\"column\":10,\"byte\":10}}}]\n");
	free(out);
	diag_list_release(&dl);
	source_free(src);
}

static void
test_render_controls(void **state)
{
	/* A line with an escape sequence, a NUL and a C1 control in a string. */
	const char text[] = "a = \"\033[2J\0\xc2\x9b\" + x\n";
	struct source *src = source_new("f\n.hcl", text, sizeof(text) - 1);
	struct diag_list dl = DIAG_LIST_INIT;
	struct diag *d;
	char *out;

	(void)state;
	/* The subject is the 'x' after the string. */
	d = diag_error(&dl, src, span_make(16, 17), "bad '%s'",
	    "\033]0;title\007\r\n\t\xff\xc3\xa9");
	diag_set_detail(d, "line one\nline two");
	diag_warning(&dl, NULL, span_make(0, 0), "value '\033[31m'");
	out = render(&dl, DIAG_FORMAT_TEXT);
	assert_string_equal(out,
	    "f\\n.hcl:1:16: error: bad '\\u001B]0;title\\u0007\\r\\n\\t"
	    "\\xff\xc3\xa9'\n"
	    "    1 | a = \"\\u001B[2J\\u0000\\u009B\" + x\n"
	    "      |                               ^\n"
	    "line one\\nline two\n"
	    "runflow: warning: value '\\u001B[31m'\n");
	free(out);
	/* JSON keeps the exact bytes, escaped as JSON. */
	out = render(&dl, DIAG_FORMAT_JSON);
	assert_non_null(strstr(out, "\"summary\":\"bad '\\u001b]0;title"));
	assert_non_null(strstr(out, "\"detail\":\"line one\\nline two\""));
	free(out);
	diag_list_release(&dl);
	source_free(src);
}

static void
test_long_message(void **state)
{
	struct diag_list dl = DIAG_LIST_INIT;
	char *value = malloc(1000001), *want;
	struct diag *d;

	(void)state;
	assert_non_null(value);
	memset(value, '1', 1000000);
	value[0] = 'A';
	value[999999] = 'Z';
	value[1000000] = '\0';
	/* 1,000,015 bytes: the first and last 400 stay. */
	d = diag_error(&dl, NULL, span_make(0, 0), "size '%s' for 'x'", value);
	assert_int_equal(strlen(d->summary), 400 + 32 + 400);
	assert_memory_equal(d->summary, "size 'A111", 10);
	assert_memory_equal(d->summary + 400,
	    "\xe2\x80\xa6 (999215 bytes not shown) \xe2\x80\xa6", 32);
	assert_string_equal(d->summary + 832 - 10, "Z' for 'x'");
	diag_set_detail(d, "%.1000s", value);	/* at the limit: whole */
	assert_int_equal(strlen(d->detail), 1000);
	/* A cut never splits a UTF-8 sequence: "é" at bytes 399-400. */
	memcpy(value + 395, "\xc3\xa9\xc3\xa9\xc3\xa9", 6);
	d = diag_error(&dl, NULL, span_make(0, 0), "%s", value);
	want = d->summary;
	assert_memory_equal(want + 395, "\xc3\xa9\xc3\xa9\xe2\x80\xa6", 7);
	free(value);
	diag_list_release(&dl);
}

static void
test_suggest(void **state)
{
	static const char *const names[] = { "lower", "upper", "environment" };

	(void)state;
	assert_string_equal(diag_suggest("uper", names, 3), "upper");
	assert_string_equal(diag_suggest("enviroment", names, 3), "environment");
	assert_null(diag_suggest("zzzzzz", names, 3));
}

/* A temporary file holding n bytes of a flow's text; its path in path. */
static void
make_file(char path[64], size_t n)
{
	int fd;

	strcpy(path, "/tmp/test_diag.XXXXXX");
	assert_true((fd = mkstemp(path)) >= 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(write(fd, i % 8 == 7 ? "\n" : "a", 1), 1);
	assert_int_equal(close(fd), 0);
}

/* Whether src holds what make_file wrote, with a NUL after it. */
static void
check_text(const struct source *src, size_t n)
{
	assert_int_equal(src->len, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(src->text[i], i % 8 == 7 ? '\n' : 'a');
	assert_int_equal(src->text[n], '\0');
}

/* A mapped file, and the files that are read instead. */
static void
test_source_map(void **state)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t sizes[] = { 1, 100, (size_t)page - 1, (size_t)page + 1,
		3 * (size_t)page + 5, 0, (size_t)page, 2 * (size_t)page };
	char path[64];

	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];
		struct source *src;

		make_file(path, n);
		src = source_map_file(path);
		assert_non_null(src);
		check_text(src, n);
		/* Empty and page-multiple files need a NUL of their own. */
		if (n == 0 || n % (size_t)page == 0)
			assert_int_equal(src->mapped, 0);
		else
			assert_int_equal(src->mapped, n);
		assert_string_equal(src->name, path);
		source_free(src);
		unlink(path);
	}
	/* Bytes appended to a mapped file do not take the NUL's place. */
	make_file(path, 100);
	{
		struct source *src = source_map_file(path);
		int fd = open(path, O_WRONLY | O_APPEND);

		assert_non_null(src);
		assert_int_equal(src->mapped, 100);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, "xyz", 3), 3);
		assert_int_equal(close(fd), 0);
		check_text(src, 100);
		source_free(src);
		unlink(path);
	}
	assert_null(source_map_file("/nonexistent/flow.hcl"));
	assert_null(source_map_file("/tmp"));	/* a folder is read */
}

/* A mapped file cut short: a message and the status, not a crash. */
static void
test_source_map_truncated(void **state)
{
	char path[64], want[160], got[160] = "";
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	(void)state;
	make_file(path, 3 * (size_t)sysconf(_SC_PAGESIZE) + 5);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct source *src = source_map_file(path);

		dup2(fds[1], STDERR_FILENO);
		if (src == NULL || src->mapped == 0)
			_exit(7);
		source_guard_mapped(src, 42);
		if (truncate(path, 0) != 0)
			_exit(8);
		/* The last page is gone now: reading it raises SIGBUS. */
		_exit(*(volatile const char *)(src->text + src->len - 1));
	}
	close(fds[1]);
	n = read(fds[0], got, sizeof(got) - 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unlink(path);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 42);
	assert_true(n > 0);
	got[n] = '\0';
	snprintf(want, sizeof(want),
	    "runflow: '%s' was truncated while it was being read\n", path);
	assert_string_equal(got, want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_positions),
		cmocka_unit_test(test_source_map),
		cmocka_unit_test(test_source_map_truncated),
		cmocka_unit_test(test_render_text),
		cmocka_unit_test(test_render_json),
		cmocka_unit_test(test_render_controls),
		cmocka_unit_test(test_long_message),
		cmocka_unit_test(test_suggest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
