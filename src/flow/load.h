/*
 * Loading a flow file (flow.md sections 2 and 3): the parsed body becomes
 * a struct flow with its variables resolved, its references checked, its
 * dependencies and conditions recorded and every argument known at load
 * time checked against its task type, all before anything runs.  Every
 * problem is a located diagnostic; loading goes on after the first so one
 * pass reports them all.
 *
 * The loaded file also evaluates task arguments and `_depends_on`
 * conditions at run time (the scheduler's hooks) and for a dry run, where
 * results of tasks that have not run are unknown values carrying their
 * reference text.
 *
 * Ownership: a struct flow_file owns its source, the syntax tree's arena,
 * the sources of --var-file files and the flow.  Values live in the arena
 * given to flow_load, which must outlive the flow_file.
 */
#ifndef RF_FLOW_LOAD_H
#define RF_FLOW_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "eval/scope.h"
#include "eval/value.h"
#include "flow/flow.h"
#include "flow/sched.h"
#include "hcl/ast.h"
#include "util/arena.h"

struct flow_load_opts {
	char *const *vars;	/* "NAME=VALUE" of --var, in order */
	size_t nvars;
	char *const *var_files;	/* --var-file paths; later ones win */
	size_t nvar_files;
	char *const *environ;	/* where RUNFLOW_VAR_NAME is looked up */
	/*
	 * NULL, or an object of values of any type, NAME = value, over every
	 * other source (flow_run's `vars`); a name the flow does not declare
	 * is an error, as with --var.  Borrowed; it must outlive the flow
	 * file.
	 */
	const struct value *values;
};

struct flow_file {
	struct source *src;		/* owned */
	struct arena ast_arena;		/* the syntax trees */
	struct ast_body *body;
	struct source **extra;		/* owned: --var-file sources */
	size_t nextra;
	struct flow flow;
	bool flow_ready;		/* flow was initialised */
	struct arena *values;		/* borrowed */
	struct scope root;		/* `var` */
};

/*
 * Parse and load src (the flow_file takes it over).  Returns 0, or -1
 * when dl gained errors (the flow must not run; flow_file_release is still
 * needed).
 */
int flow_load(struct flow_file *ff, struct source *src, struct arena *values,
    const struct flow_load_opts *o, struct diag_list *dl);
void flow_file_release(struct flow_file *ff);

/* The scheduler's argument hook (arg is the flow_file). */
const struct value *flow_eval_args(struct sched *s, const struct flow_task *t,
    struct arena *a, char **err, void *arg);
/* The scheduler's condition hook (arg is the flow_file). */
int flow_eval_cond(struct sched *s, const struct flow_task *t,
    const struct flow_cond *c, char **err, void *arg);
/*
 * A task's arguments for a dry run: tasks it depends on are unknown with
 * their reference.  Errors go to dl; the result is never NULL.
 */
const struct value *flow_eval_args_dry(struct flow_file *ff,
    const struct flow_task *t, struct diag_list *dl);

#endif
