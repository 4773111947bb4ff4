#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "flow/dag.h"
#include "flow/flow.h"

static void
test_heap(void **state)
{
	struct dag_heap h = DAG_HEAP_INIT;
	const size_t in[] = { 7, 3, 9, 0, 3, 12, 1, 8, 5, 2, 11, 4, 6, 10 };
	const size_t out[] = { 0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		dag_heap_push(&h, in[i]);
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		assert_int_equal(dag_heap_pop(&h), out[i]);
	assert_int_equal(h.n, 0);
	dag_heap_release(&h);
}

static void
test_stable_order(void **state)
{
	struct dag d;
	size_t order[6];
	size_t *cycle = NULL, ncycle = 0;
	const size_t expected[] = { 1, 3, 4, 0, 2, 5 };

	(void)state;
	dag_init(&d, 6);
	/* 0 needs 3 and 4; 2 needs 0; 5 needs 1 and 2. */
	assert_true(dag_add_edge(&d, 3, 0));
	assert_true(dag_add_edge(&d, 4, 0));
	assert_true(dag_add_edge(&d, 0, 2));
	assert_true(dag_add_edge(&d, 2, 5));
	assert_true(dag_add_edge(&d, 1, 5));
	assert_false(dag_add_edge(&d, 1, 5));	/* duplicate */
	assert_true(dag_has_edge(&d, 3, 0));
	assert_false(dag_has_edge(&d, 0, 3));
	assert_int_equal(d.nodes[5].ndeps, 2);
	assert_int_equal(d.nodes[5].deps[0], 1);
	assert_int_equal(d.nodes[5].deps[1], 2);
	assert_int_equal(d.nodes[0].nusers, 1);
	assert_int_equal(dag_order(&d, order, &cycle, &ncycle), 0);
	assert_null(cycle);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(order[i], expected[i]);
	dag_release(&d);
}

/* Build a flow of n tasks "t.a", "t.b", ... with the given edges. */
static void
make_flow(struct flow *f, size_t n, const size_t (*edges)[2], size_t nedges)
{
	flow_init(f, "test", NULL);
	for (size_t i = 0; i < n; i++) {
		char name[2] = { (char)('a' + i), '\0' };

		assert_non_null(flow_add_task(f, "bash_run", name));
	}
	/* edges[k] = { task, dependency } */
	for (size_t k = 0; k < nedges; k++)
		flow_add_dep(f, f->tasks[edges[k][0]], edges[k][1],
		    span_make(0, 0), false);
}

/* Build the graph and return the one diagnostic's summary (malloc'd). */
static char *
cycle_message(struct flow *f)
{
	struct diag_list dl = DIAG_LIST_INIT;
	char *msg;

	assert_int_equal(flow_build_dag(f, &dl), -1);
	assert_int_equal(dl.n, 1);
	msg = strdup(dl.v[0].summary);
	diag_list_release(&dl);
	return msg;
}

static void
test_cycles(void **state)
{
	const size_t two[][2] = { { 0, 1 }, { 1, 0 } };
	const size_t self[][2] = { { 0, 1 }, { 2, 2 } };
	/* a -> b -> c -> d -> b, e independent: the cycle is b, c, d. */
	const size_t tail[][2] = { { 0, 1 }, { 1, 2 }, { 2, 3 }, { 3, 1 } };
	struct flow f;
	char *msg;

	(void)state;
	make_flow(&f, 2, two, 2);
	msg = cycle_message(&f);
	assert_string_equal(msg, "dependency cycle: task.bash_run.a -> "
	    "task.bash_run.b -> task.bash_run.a");
	free(msg);
	flow_release(&f);

	make_flow(&f, 3, self, 2);
	msg = cycle_message(&f);
	assert_string_equal(msg, "dependency cycle: task.bash_run.c -> "
	    "task.bash_run.c");
	free(msg);
	flow_release(&f);

	make_flow(&f, 5, tail, 4);
	msg = cycle_message(&f);
	assert_string_equal(msg, "dependency cycle: task.bash_run.b -> "
	    "task.bash_run.c -> task.bash_run.d -> task.bash_run.b");
	free(msg);
	flow_release(&f);
}

static void
test_flow_model(void **state)
{
	const size_t edges[][2] = { { 0, 2 }, { 1, 0 }, { 0, 2 } };
	struct diag_list dl = DIAG_LIST_INIT;
	struct flow f;
	struct flow_task *t;

	(void)state;
	make_flow(&f, 3, edges, 3);
	/* The duplicate dependency was merged. */
	assert_int_equal(f.tasks[0]->ndeps, 1);
	assert_null(flow_add_task(&f, "bash_run", "a"));
	t = flow_add_task(&f, "file_write", "a");	/* same name, other type */
	assert_non_null(t);
	assert_int_equal(t->index, 3);
	assert_string_equal(t->id, "task.file_write.a");
	assert_string_equal(t->display, "a");
	assert_ptr_equal(flow_find_task(&f, "file_write", "a"), t);
	assert_null(flow_find_task(&f, "file_read", "a"));
	assert_int_equal(t->retry.max_attempts, 1);
	assert_non_null(flow_add_var(&f, "out"));
	assert_null(flow_add_var(&f, "out"));
	assert_non_null(flow_find_var(&f, "out"));
	assert_int_equal(flow_build_dag(&f, &dl), 0);
	assert_int_equal(dl.n, 0);
	/* c, then a (needs c), then b (needs a), then the file_write a. */
	assert_int_equal(f.order[0], 2);
	assert_int_equal(f.order[1], 0);
	assert_int_equal(f.order[2], 1);
	assert_int_equal(f.order[3], 3);
	flow_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heap),
		cmocka_unit_test(test_stable_order),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_flow_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
