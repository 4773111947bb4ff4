#include "config.h"

#include <stdlib.h>

#include "tasks/task.h"
#include "util/xmalloc.h"

/*
 * hcl2_template (flow.md section 5): `source` is a template whose `${...}`
 * see the flow's values (var, task) and, as plain variables, the members
 * of `context`; the result `content` is the rendered text.  The rendering
 * is the evaluation of the `source` argument itself, done by the loader
 * with the scope that scope_arg asks for, so this type only hands the
 * string on, as runflow's task did.
 */

static const struct task_arg template_args[] = {
	{ "source", TASK_KIND(VAL_STRING), true },
	{ "context", TASK_KIND(VAL_OBJECT), false },
	{ NULL, 0, false },
};

/* The plan of a rendering: a description only. */
static int
template_plan(struct task_run *run, struct task_plan *plan, char **err)
{
	const struct value *src = task_plan_text(run->arena,
	    task_arg(run, "source"));

	if (src == NULL) {
		*err = xstrdup("argument 'source' must be a string");
		return -1;
	}
	plan->describe = xasprintf("# render a template into %zu bytes",
	    src->u.str.len);
	return 0;
}

/* Return the rendered source as content. */
static int
template_start(struct task_run *run)
{
	const struct value *src = val_to_string(run->arena,
	    task_arg(run, "source"));
	struct val_member m = { "content", 7, src };
	size_t dup;

	task_run_succeed(run, val_object(run->arena, &m, 1, &dup));
	return 0;
}

const struct task_type task_type_hcl2_template = {
	.name = "hcl2_template",
	.results = (const char *const[]){ "content", NULL },
	.args = template_args,
	.plan = template_plan,
	.start = template_start,
	.scope_arg = "context",
};
