/*
 * Shared by the tests/unit/test_func*.c programs: call a built-in with
 * arguments and options written as JSON, and check the result (as compact
 * JSON) or the one diagnostic it reports (summary, detail, location).
 *
 * Argument i is located at bytes [10 + 10i, 15 + 10i); the call at
 * [0, 200).  Include after <cmocka.h>.
 */
#ifndef RF_TESTS_FUNC_TEST_H
#define RF_TESTS_FUNC_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/func.h"

static struct arena ft_arena;
static struct diag_list ft_diags;
static struct span ft_spans[16];

/* Parse JSON text into a value in the test arena. */
static const struct value *
ft_json(const char *text, int line)
{
	const char *err = NULL;
	int l, c;
	const struct value *v = val_from_json(&ft_arena, text, strlen(text),
	    &err, &l, &c);

	if (v == NULL)
		fail_msg("line %d: bad test JSON %s: %s", line, text, err);
	return v;
}

/* Call name with a JSON list of arguments and optional JSON options. */
static const struct value *
ft_run(const char *name, const char *args, const char *opts, int line)
{
	const struct func_def *def = func_lookup(name);
	const struct value *a = ft_json(args, line);
	struct func_call c;

	if (def == NULL)
		fail_msg("line %d: no function '%s'", line, name);
	if (a->kind != VAL_LIST || a->u.list.n > 16)
		fail_msg("line %d: arguments must be a JSON list", line);
	for (size_t i = 0; i < 16; i++)
		ft_spans[i] = span_make(10 + 10 * i, 15 + 10 * i);
	memset(&c, 0, sizeof(c));
	c.name = name;
	c.arena = &ft_arena;
	c.args = a->u.list.items;
	c.nargs = a->u.list.n;
	c.opts = opts != NULL ? ft_json(opts, line) : NULL;
	c.diags = &ft_diags;
	c.src = NULL;
	c.span = span_make(0, 200);
	c.arg_spans = ft_spans;
	return func_invoke(def, &c);
}

/* Check that the call succeeds with the result want (compact JSON). */
static void
ft_ok(const char *name, const char *args, const char *opts, const char *want,
    int line)
{
	const struct value *r = ft_run(name, args, opts, line);
	struct buf b = BUF_INIT;

	if (r == NULL)
		fail_msg("line %d: %s%s failed: %s", line, name, args,
		    ft_diags.n > 0 ? ft_diags.v[0].summary : "(no diagnostic)");
	if (ft_diags.n != 0)
		fail_msg("line %d: %s%s succeeded with a diagnostic: %s", line,
		    name, args, ft_diags.v[0].summary);
	if (val_to_json(&b, r, NULL) != 0)
		fail_msg("line %d: result cannot be written as JSON", line);
	if (strcmp(buf_str(&b), want) != 0)
		fail_msg("line %d: %s%s\n   got %s\n  want %s", line, name, args,
		    buf_str(&b), want);
	buf_release(&b);
}

/*
 * Check that the call fails with exactly one diagnostic reading msg (and
 * detail, when not NULL), located on argument argi (-1: the call).
 */
static void
ft_err(const char *name, const char *args, const char *opts, int argi,
    const char *msg, const char *detail, int line)
{
	const struct value *r = ft_run(name, args, opts, line);
	struct span want = argi >= 0 ? ft_spans[argi] : span_make(0, 200);

	if (r != NULL)
		fail_msg("line %d: %s%s succeeded, expected: %s", line, name,
		    args, msg);
	if (ft_diags.n != 1)
		fail_msg("line %d: %s%s gave %zu diagnostics", line, name,
		    args, ft_diags.n);
	if (strcmp(ft_diags.v[0].summary, msg) != 0)
		fail_msg("line %d: %s%s\n   got %s\n  want %s", line, name, args,
		    ft_diags.v[0].summary, msg);
	if (ft_diags.v[0].subject.start != want.start ||
	    ft_diags.v[0].subject.end != want.end)
		fail_msg("line %d: %s%s located at %u-%u, want %u-%u", line,
		    name, args, ft_diags.v[0].subject.start,
		    ft_diags.v[0].subject.end, want.start, want.end);
	if (detail != NULL && (ft_diags.v[0].detail == NULL ||
	    strcmp(ft_diags.v[0].detail, detail) != 0))
		fail_msg("line %d: detail %s, want %s", line,
		    ft_diags.v[0].detail ? ft_diags.v[0].detail : "(none)",
		    detail);
	if (detail == NULL && ft_diags.v[0].detail != NULL)
		fail_msg("line %d: unexpected detail %s", line,
		    ft_diags.v[0].detail);
	diag_list_release(&ft_diags);
	diag_list_init(&ft_diags);
}

#define OK(name, args, want) ft_ok(name, args, NULL, want, __LINE__)
#define OKO(name, args, opts, want) ft_ok(name, args, opts, want, __LINE__)
#define ERR(name, args, argi, msg) \
	ft_err(name, args, NULL, argi, msg, NULL, __LINE__)
#define ERRD(name, args, argi, msg, detail) \
	ft_err(name, args, NULL, argi, msg, detail, __LINE__)
#define ERRO(name, args, opts, argi, msg, detail) \
	ft_err(name, args, opts, argi, msg, detail, __LINE__)

static int
ft_setup(void **state)
{
	(void)state;
	arena_init(&ft_arena);
	diag_list_init(&ft_diags);
	return 0;
}

static int
ft_teardown(void **state)
{
	(void)state;
	diag_list_release(&ft_diags);
	arena_release(&ft_arena);
	return 0;
}

#define FT_TEST(fn) cmocka_unit_test_setup_teardown(fn, ft_setup, ft_teardown)

#endif
