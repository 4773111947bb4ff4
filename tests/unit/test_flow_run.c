#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "exec/loop.h"
#include "flow/load.h"
#include "flow/sched.h"
#include "tasks/task.h"
#include "util/log.h"
#include "util/xmalloc.h"

extern char **environ;

/* One test's world: a loop, a loaded flow, values and the task context. */
struct fx {
	struct loop *loop;
	struct arena values;
	struct flow_file ff;
	bool loaded;
	struct task_ctx ctx;
	FILE *out;
	char *outbuf;
	size_t outlen;
};

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));

	task_register_builtins();
	log_set_level(LOG_QUIET);
	fx->loop = loop_new();
	assert_non_null(fx->loop);
	arena_init(&fx->values);
	fx->out = open_memstream(&fx->outbuf, &fx->outlen);
	fx->ctx.loop = fx->loop;
	fx->ctx.environ = environ;
	fx->ctx.out = fx->out;
	fx->ctx.capture_max = 1 << 20;
	fx->ctx.grace_ms = 300;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	if (fx->loaded)
		flow_file_release(&fx->ff);
	arena_release(&fx->values);
	fclose(fx->out);
	free(fx->outbuf);
	loop_free(fx->loop);
	free(fx);
	return 0;
}

/* Load text as a flow with o (NULL: no options); returns flow_load's. */
static int
load(struct fx *fx, const char *text, const struct flow_load_opts *o,
    struct diag_list *dl)
{
	struct flow_load_opts none;

	memset(&none, 0, sizeof(none));
	fx->loaded = true;
	return flow_load(&fx->ff, source_new("test.hcl", text, strlen(text)),
	    &fx->values, o != NULL ? o : &none, dl);
}

/* A member of an object value, which must exist. */
static const struct value *
member(const struct value *obj, const char *key)
{
	const struct value *v;

	assert_non_null(obj);
	assert_int_equal(obj->kind, VAL_OBJECT);
	v = val_object_cget(obj, key);
	assert_non_null(v);
	return v;
}

/* Export values keep their types and outlive the sub-flow they came from. */
static void
test_exports_outlive_the_sub_flow(void **state)
{
	struct fx *fx = *state;
	struct diag_list dl = DIAG_LIST_INIT;
	struct sched_opts so = SCHED_OPTS_INIT;
	const struct value *res, *obj, *list;
	struct sched *s;
	int64_t i;

	assert_int_equal(load(fx,
	    "flow \"t\" {\n"
	    "  task \"flow_run\" \"sub\" {\n"
	    "    source = \"flow \\\"s\\\" {\\n variable \\\"n\\\" {}\\n"
	    " task \\\"bash_run\\\" \\\"x\\\" { command = \\\"echo 7\\\" }\\n}\"\n"
	    "    vars = { n = 41 }\n"
	    "    export { n = \"var.n + 1\" }\n"
	    "    export {\n"
	    "      obj = \"{ key = task.bash_run.x.stdout, num = 2.50 }\"\n"
	    "      task = \"task.bash_run.x\"\n"
	    "    }\n"
	    "  }\n"
	    "}\n", NULL, &dl), 0);
	assert_int_equal(dl.n, 0);
	so.jobs = 1;
	so.status = 0;
	so.summary = false;
	so.eval_args = flow_eval_args;
	so.eval_cond = flow_eval_cond;
	so.eval_arg = &fx->ff;
	s = sched_new(&fx->ff.flow, &fx->ctx, &fx->values, &so);
	assert_int_equal(sched_run(s), 0);
	res = sched_task_result(s, 0);
	assert_true(val_number_int64(member(res, "n"), &i));
	assert_int_equal(i, 42);
	obj = member(res, "obj");
	assert_string_equal(member(obj, "key")->u.str.s, "7");
	assert_string_equal(member(obj, "num")->u.num.text, "2.50");
	/* The whole task object: its argument keys came from the sub-flow. */
	assert_string_equal(member(member(res, "task"), "command")->u.str.s,
	    "echo 7");
	assert_int_equal(member(member(res, "task"), "returncode")->kind,
	    VAL_NUMBER);
	/* The task's own arguments are in the result too. */
	list = member(res, "vars");
	assert_int_equal(member(list, "n")->kind, VAL_NUMBER);
	sched_free(s);
	diag_list_release(&dl);
	fflush(fx->out);
	assert_string_equal(fx->outbuf, "7\n");
}

/* Completion of a run started by hand. */
static void
on_done(struct task_run *run, void *arg)
{
	(void)run;
	*(bool *)arg = true;
	loop_stop(run->ctx->loop);
}

/* A run outside any scheduler (no job pool) runs its sub-flow too. */
static void
test_run_without_a_pool(void **state)
{
	struct fx *fx = *state;
	struct val_member m[2];
	const struct value *args;
	struct task_run *run;
	bool done = false;
	size_t dup;

	m[0] = (struct val_member){ "source", 6, val_cstring(&fx->values,
	    "flow \"s\" {\n task \"bash_run\" \"a\" { command = \"echo a\" }\n"
	    " task \"bash_run\" \"b\" { command = \"echo b-${task.bash_run.a."
	    "stdout}\" }\n}") };
	m[1] = (struct val_member){ "export", 6, NULL };
	{
		struct val_member e = { "b", 1, val_cstring(&fx->values,
		    "task.bash_run.b.stdout") };

		m[1].val = val_object(&fx->values, &e, 1, &dup);
	}
	args = val_object(&fx->values, m, 2, &dup);
	run = task_run_new(&task_type_flow_run, &fx->ctx, "task.flow_run.x",
	    "x", args, &fx->values, 1);
	assert_int_equal(task_run_start(run, on_done, &done), 0);
	while (!done)
		assert_int_not_equal(loop_run(fx->loop), -1);
	assert_null(run->error);
	assert_string_equal(member(run->result, "b")->u.str.s, "b-a");
	task_run_free(run);
	fflush(fx->out);
	assert_string_equal(fx->outbuf, "a\nb-a\n");
}

/* Preset values: any type, over the other sources; unknown names fail. */
static void
test_preset_values(void **state)
{
	struct fx *fx = *state;
	struct diag_list dl = DIAG_LIST_INIT;
	struct flow_load_opts o;
	const struct value *items[2], *list;
	struct val_member m[2];
	char *env[] = { (char *)"RUNFLOW_VAR_xs=from-env", NULL };
	size_t dup;

	items[0] = val_int(&fx->values, 1);
	items[1] = val_bool(true);
	list = val_list(&fx->values, items, 2);
	m[0] = (struct val_member){ "xs", 2, list };
	m[1] = (struct val_member){ "yz", 2, val_null() };
	memset(&o, 0, sizeof(o));
	o.environ = env;
	o.values = val_object(&fx->values, m, 1, &dup);
	assert_int_equal(load(fx, "flow \"t\" {\n variable \"xs\" {}\n}\n", &o,
	    &dl), 0);
	assert_ptr_equal(fx->ff.flow.vars[0].value, list);
	flow_file_release(&fx->ff);
	fx->loaded = false;

	o.values = val_object(&fx->values, m, 2, &dup);
	assert_int_equal(load(fx, "flow \"t\" {\n variable \"xs\" {}\n}\n", &o,
	    &dl), -1);
	assert_int_equal(dl.nerrors, 1);
	assert_string_equal(dl.v[0].summary, "a value is given for variable "
	    "'yz', which the flow does not declare");
	assert_null(dl.v[0].detail);
	diag_list_release(&dl);
}

/* Declared blocks become one object argument; the rest stay errors. */
static void
test_blocks_become_an_argument(void **state)
{
	struct fx *fx = *state;
	struct diag_list dl = DIAG_LIST_INIT;
	const struct flow_task *t;
	const struct value *ex;

	assert_int_equal(load(fx,
	    "flow \"t\" {\n"
	    "  task \"flow_run\" \"sub\" {\n"
	    "    path = \"x.hcl\"\n"
	    "    export { a = \"var.a\" }\n"
	    "    export {\n"
	    "      b = \"var.b\"\n"
	    "    }\n"
	    "  }\n"
	    "}\n", NULL, &dl), 0);
	t = flow_task_at(&fx->ff.flow, 0);
	assert_non_null(t->args);
	ex = member(t->args, "export");
	assert_int_equal(ex->u.obj.n, 2);
	assert_string_equal(member(ex, "a")->u.str.s, "var.a");
	assert_string_equal(member(ex, "b")->u.str.s, "var.b");
	assert_string_equal(member(t->args, "path")->u.str.s, "x.hcl");
	flow_file_release(&fx->ff);
	fx->loaded = false;

	/* bash_run declares no blocks. */
	assert_int_equal(load(fx,
	    "flow \"t\" {\n"
	    "  task \"bash_run\" \"b\" {\n"
	    "    command = \"true\"\n"
	    "    export { a = \"x\" }\n"
	    "  }\n"
	    "}\n", NULL, &dl), -1);
	assert_int_equal(dl.nerrors, 1);
	assert_string_equal(dl.v[0].summary, "unexpected block 'export' in a "
	    "task");
	diag_list_release(&dl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_exports_outlive_the_sub_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_without_a_pool,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_preset_values, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_blocks_become_an_argument, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
