#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "exec/loop.h"
#include "tasks/engine.h"
#include "util/strvec.h"
#include "util/xmalloc.h"

/* Three pool engines a (2 slots), b (3), c (3) and a pinnable d (1). */
static struct engine_set *
four(void)
{
	struct engine_set *s = engine_set_new();
	const char *names[] = { "a", "b", "c", "d" };
	unsigned slots[] = { 2, 3, 3, 1 };

	for (size_t i = 0; i < 4; i++) {
		struct engine *e = engine_define(s, names[i]);

		assert_non_null(e);
		e->slots = slots[i];
		e->host = xasprintf("tcp://%s:2375", names[i]);
		if (i < 3)
			assert_int_equal(engine_pool_add(s, names[i]), 0);
	}
	return s;
}

/* Definitions: defaults, duplicates, names, kinds. */
static void
test_define(void **state)
{
	struct engine_set *s = engine_set_new();
	struct engine *e;
	enum engine_kind k;
	size_t n;

	(void)state;
	e = engine_define(s, "x");
	assert_non_null(e);
	assert_int_equal(e->slots, ENGINE_DEFAULT_SLOTS);
	assert_int_equal(e->kind, ENGINE_DOCKER);
	assert_null(engine_define(s, "x"));
	assert_ptr_equal(engine_find(s, "x"), e);
	assert_null(engine_find(s, "y"));
	assert_int_equal(engine_pool_add(s, "y"), -1);
	assert_false(engine_pool_active(s));
	assert_int_equal(engine_pool_add(s, "x"), 0);
	assert_true(engine_pool_active(s));
	assert_int_equal(engine_pool_slots(s), ENGINE_DEFAULT_SLOTS);
	assert_int_equal(engine_list(s, &n)[0], e);
	assert_int_equal(n, 1);
	assert_true(engine_name_ok("build-1.x_y"));
	assert_false(engine_name_ok(""));
	assert_false(engine_name_ok("a b"));
	assert_false(engine_name_ok("a\"b"));
	assert_int_equal(engine_kind_parse("swarm", &k), 0);
	assert_int_equal(k, ENGINE_SWARM);
	assert_int_equal(engine_kind_parse("Swarm", &k), -1);
	assert_string_equal(engine_kind_name(ENGINE_DOCKER), "docker");
	assert_false(engine_pool_active(NULL));
	engine_set_free(s);
}

/* Most free slots first, ties in definition order; pins; avoidance. */
static void
test_pick(void **state)
{
	struct engine_set *s = four();
	struct engine *a = engine_find(s, "a"), *b = engine_find(s, "b"),
	    *c = engine_find(s, "c"), *d = engine_find(s, "d");

	(void)state;
	assert_int_equal(engine_pool_slots(s), 8);
	assert_ptr_equal(engine_pick(s, NULL, NULL), b);	/* 3 = 3: b first */
	b->used = 1;
	assert_ptr_equal(engine_pick(s, NULL, NULL), c);
	c->used = 1;
	assert_ptr_equal(engine_pick(s, NULL, NULL), a);	/* 2 = 2 = 2 */
	assert_ptr_equal(engine_pick(s, NULL, a), b);		/* a avoided */
	a->used = 2;
	b->used = 3;
	assert_ptr_equal(engine_pick(s, NULL, c), c);	/* only c is free */
	c->used = 3;
	assert_null(engine_pick(s, NULL, NULL));
	assert_ptr_equal(engine_pick(s, d, NULL), d);	/* pinned, not pooled */
	d->used = 1;
	assert_null(engine_pick(s, d, NULL));
	assert_ptr_equal(engine_preview(s, NULL), b);
	assert_ptr_equal(engine_preview(s, d), d);
	engine_set_free(s);
}

/* A down engine is passed over while a reachable one is left. */
static void
test_down(void **state)
{
	struct engine_set *s = four();
	struct engine *a = engine_find(s, "a"), *b = engine_find(s, "b"),
	    *c = engine_find(s, "c");

	(void)state;
	engine_mark_down(s, b);
	assert_ptr_equal(engine_pick(s, NULL, NULL), c);
	c->used = 3;
	assert_ptr_equal(engine_pick(s, NULL, NULL), a);
	a->used = 2;
	assert_null(engine_pick(s, NULL, NULL));	/* wait for a or c */
	engine_mark_down(s, a);
	engine_mark_down(s, c);
	assert_ptr_equal(engine_pick(s, NULL, NULL), b);	/* all down */
	engine_set_free(s);
}

struct grants {
	struct engine *got[8];
	int arg[8];
	size_t n;
};

static struct grants grants;

/* Grant callback: record the order. */
static void
granted(struct engine *e, void *arg)
{
	grants.got[grants.n] = e;
	grants.arg[grants.n++] = *(int *)arg;
}

/* Timer: leave the loop. */
static void
stop(struct loop *loop, void *arg)
{
	(void)arg;
	loop_stop(loop);
}

/* Run the loop's due timers. */
static void
spin(struct loop *loop)
{
	loop_timer_add(loop, loop_now_ms() + 20, stop, NULL);
	loop_run(loop);
}

/* Waiting requests get freed slots first come first served. */
static void
test_wait(void **state)
{
	struct engine_set *s = engine_set_new();
	struct loop *loop = loop_new();
	struct engine *x, *y, *got;
	struct engine_wait *w[4];
	int ids[4] = { 0, 1, 2, 3 };

	(void)state;
	memset(&grants, 0, sizeof(grants));
	x = engine_define(s, "x");
	y = engine_define(s, "y");
	x->slots = 1;
	y->slots = 1;
	engine_pool_add(s, "x");
	assert_null(engine_acquire(s, loop, NULL, NULL, granted, &ids[0],
	    &got));
	assert_ptr_equal(got, x);
	w[1] = engine_acquire(s, loop, NULL, NULL, granted, &ids[1], &got);
	assert_non_null(w[1]);
	assert_null(got);
	w[2] = engine_acquire(s, loop, NULL, NULL, granted, &ids[2], &got);
	/* A pinned request for a free engine is granted through the loop. */
	w[3] = engine_acquire(s, loop, y, NULL, granted, &ids[3], &got);
	assert_non_null(w[3]);
	spin(loop);
	assert_int_equal(grants.n, 1);
	assert_int_equal(grants.arg[0], 3);
	assert_ptr_equal(grants.got[0], y);
	engine_wait_cancel(s, w[1]);		/* withdrawn before its turn */
	engine_release(s, x);
	assert_int_equal(grants.n, 1);		/* only from the loop */
	spin(loop);
	assert_int_equal(grants.n, 2);
	assert_int_equal(grants.arg[1], 2);
	assert_int_equal(x->used, 1);
	/* A request granted and withdrawn before its callback gives back. */
	w[1] = engine_acquire(s, loop, NULL, NULL, granted, &ids[1], &got);
	engine_release(s, x);
	engine_wait_cancel(s, w[1]);
	assert_int_equal(x->used, 0);
	spin(loop);
	assert_int_equal(grants.n, 2);
	engine_set_free(s);
	loop_free(loop);
}

/* The CLI's environment for an engine. */
static void
test_environ(void **state)
{
	struct engine_set *s = engine_set_new();
	struct engine *h = engine_define(s, "h"), *c = engine_define(s, "c"),
	    *n = engine_define(s, "n");
	char *base[] = { (char *)"A=1", (char *)"DOCKER_HOST=old",
		(char *)"DOCKER_CONTEXT=oldctx", NULL };
	struct strvec v = STRVEC_INIT, set = STRVEC_INIT, unset = STRVEC_INIT;

	(void)state;
	h->host = xstrdup("ssh://u@h");
	c->context = xstrdup("ctx");
	engine_environ(h, base, &v);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.v[0], "A=1");
	assert_string_equal(v.v[1], "DOCKER_HOST=ssh://u@h");
	strvec_release(&v);
	engine_environ(c, base, &v);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.v[1], "DOCKER_CONTEXT=ctx");
	strvec_release(&v);
	engine_environ(n, base, &v);	/* no host, no context: as it is */
	assert_int_equal(v.n, 3);
	strvec_release(&v);
	engine_plan_env(c, &set, &unset);
	assert_string_equal(set.v[0], "DOCKER_CONTEXT=ctx");
	assert_string_equal(unset.v[0], "DOCKER_HOST");
	strvec_release(&set);
	strvec_release(&unset);
	engine_set_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_define),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_down),
		cmocka_unit_test(test_wait),
		cmocka_unit_test(test_environ),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
