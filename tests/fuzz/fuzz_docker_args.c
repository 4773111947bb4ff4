/*
 * libFuzzer target for the docker_run translation: the input is one flag
 * byte (bit 0: podman) and a JSON object of arguments, where
 * {"$unknown": "ref"} stands for a value not known yet.  Whatever the
 * values, the translation must end with a well-formed plan, report
 * failure exactly when it added an error, and leak nothing.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "eval/value.h"
#include "tasks/docker_args.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/shquote.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Replace {"$unknown": ...} objects by unknown values, recursively. */
static const struct value *
unknowns(struct arena *a, const struct value *v, int depth)
{
	const struct value *u, **items;
	struct val_member *ms;
	size_t dup;

	if (depth > 64)
		return v;
	if (v->kind == VAL_OBJECT && v->u.obj.n == 1 &&
	    strcmp(v->u.obj.members[0].key, "$unknown") == 0) {
		u = v->u.obj.members[0].val;
		return u->kind == VAL_STRING ? val_unknown_ref(a, u->u.str.s) :
		    val_unknown();
	}
	if (v->kind == VAL_LIST) {
		items = arena_calloc(a, v->u.list.n + 1, sizeof(*items));
		for (size_t i = 0; i < v->u.list.n; i++)
			items[i] = unknowns(a, v->u.list.items[i], depth + 1);
		return val_list(a, items, v->u.list.n);
	}
	if (v->kind == VAL_OBJECT) {
		ms = arena_calloc(a, v->u.obj.n + 1, sizeof(*ms));
		for (size_t i = 0; i < v->u.obj.n; i++) {
			ms[i] = v->u.obj.members[i];
			ms[i].val = unknowns(a, ms[i].val, depth + 1);
		}
		return val_object(a, ms, v->u.obj.n, &dup);
	}
	return v;
}

/* Translate and check the plan's invariants. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct docker_opts o = { NULL, { 0, 0 }, false, NULL };
	struct docker_plan plan;
	struct diag_list dl = DIAG_LIST_INIT;
	struct docker_arg *args;
	struct buf b = BUF_INIT;
	const struct value *obj;
	const char *err;
	int line, col, rc;

	if (size < 1)
		return 0;
	o.podman = data[0] & 1;
	obj = val_from_json(&a, (const char *)data + 1, size - 1, &err, &line,
	    &col);
	if (obj == NULL || obj->kind != VAL_OBJECT) {
		arena_release(&a);
		return 0;
	}
	obj = unknowns(&a, obj, 0);
	args = arena_calloc(&a, obj->u.obj.n + 1, sizeof(*args));
	for (size_t i = 0; i < obj->u.obj.n; i++) {
		args[i].name = obj->u.obj.members[i].key;
		args[i].val = obj->u.obj.members[i].val;
		args[i].span = span_make(i, i + 1);
	}
	docker_plan_init(&plan);
	rc = docker_plan_build(&plan, args, obj->u.obj.n, &o, &dl);
	if (rc != (diag_has_errors(&dl) ? -1 : 0))
		abort();
	if (plan.argv.n < 2 || strcmp(plan.argv.v[0], "run") != 0 ||
	    plan.insert_at > plan.argv.n || plan.image == NULL ||
	    plan.argv.v[plan.argv.n] != NULL)
		abort();
	if (plan.rm != (strcmp(plan.argv.v[1], "--rm") == 0))
		abort();
	for (size_t i = 0; i < plan.env_set.n; i++)
		if (strchr(plan.env_set.v[i], '=') == NULL)
			abort();
	if (!plan.result_stdout && !plan.result_stderr && rc == 0)
		abort();
	if (shquote_argv(&b, strvec_argv(&plan.argv)) != 0)
		abort();
	buf_release(&b);
	docker_plan_release(&plan);
	diag_list_release(&dl);
	arena_release(&a);
	return 0;
}
