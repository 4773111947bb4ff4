/*
 * The in-memory flow: what a flow file means once its blocks are decoded
 * (flow.md section 2).  Tasks are numbered in file order; that number is
 * the node of the dependency graph (flow/dag.h) and breaks ties in the
 * stable order.
 *
 * Ownership: a flow owns an arena holding its names, arrays and task
 * records; flow_release() frees them all.  AST pointers and the source are
 * borrowed from the loader (they live in the flow file's arena) and must
 * outlive the flow.  Values (variables, constant arguments) live in the
 * run's arena and are borrowed too.
 */
#ifndef RF_FLOW_FLOW_H
#define RF_FLOW_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "eval/value.h"
#include "flow/dag.h"
#include "flow/retry.h"
#include "util/arena.h"

struct ast_block;
struct ast_expr;
struct task_type;

/*
 * A condition thunk: decides a `_depends_on` entry that is not a task
 * reference.  Returns 1 (true: the task may start), 0 (false: the task is
 * canceled), or -1 with *err set to a malloc'd message (the task fails).
 */
typedef int (*flow_cond_cb)(void *arg, char **err);

struct flow_cond {
	const struct ast_expr *expr;	/* as written; NULL when built in C */
	struct span span;
	flow_cond_cb fn;		/* used when the scheduler has no
					   evaluator hook; may be NULL then
					   only if expr is set */
	void *arg;
};

/* A dependency with where it was written (for diagnostics). */
struct flow_dep {
	size_t task;		/* index of the task depended on */
	struct span span;	/* the reference; zero when built in C */
	bool explicit_dep;	/* listed in _depends_on (else referenced) */
};

struct flow_task {
	size_t index;			/* position in file order */
	const char *type_name;		/* "bash_run" */
	const char *name;		/* "echo" */
	const char *id;			/* "task.bash_run.echo" */
	const char *display;		/* name in log lines: "echo", or
					   "parent > echo" inside flow_run */
	const struct task_type *type;	/* NULL until resolved */
	const struct ast_block *block;	/* NULL when built in C */
	struct span span;		/* the block (for diagnostics) */
	struct span name_span;

	struct flow_dep *deps;		/* in the flow's arena */
	size_t ndeps, adeps;
	struct flow_cond *conds;	/* conditions of _depends_on */
	size_t nconds, aconds;

	struct retry_policy retry;	/* one attempt unless _retry */
	double timeout;			/* seconds per attempt; 0: none */

	/*
	 * Evaluated arguments (an object) when known before the run: tasks
	 * built in C, or bodies that need no task results.  NULL: the
	 * scheduler's evaluator hook computes them just before the start.
	 */
	const struct value *args;
};

struct flow_var {
	const char *name;
	struct span span;
	const struct ast_expr *default_expr;	/* NULL: no default */
	bool required;
	const char *description;		/* NULL when absent */
	const struct value *value;		/* after resolution */
};

struct flow {
	struct arena arena;		/* owns everything below */
	const char *name;
	const struct source *src;	/* borrowed; NULL for flows built in C */
	struct flow_var *vars;
	size_t nvars, avars;
	struct flow_task **tasks;	/* file order; pointers are stable */
	size_t ntasks, atasks;
	uint32_t *task_slot;		/* owned; TYPE.NAME hash index:
					   task index + 1, 0 empty */
	size_t task_mask;		/* slots - 1 */
	struct dag dag;			/* built by flow_build_dag() */
	size_t *order;			/* stable order, after flow_build_dag() */
};

/* An empty flow called name (copied). */
void flow_init(struct flow *f, const char *name, const struct source *src);
void flow_release(struct flow *f);

/*
 * Add a task; names are copied.  Returns the new task (with one attempt,
 * no timeout, no dependencies), or NULL when a task with the same type and
 * name exists already.
 */
struct flow_task *flow_add_task(struct flow *f, const char *type_name,
    const char *name);
/* The task TYPE.NAME, or NULL. */
struct flow_task *flow_find_task(const struct flow *f, const char *type_name,
    const char *name);
/* A task by index. */
struct flow_task *flow_task_at(const struct flow *f, size_t i);
/* Add a variable (name copied); NULL when it exists. */
struct flow_var *flow_add_var(struct flow *f, const char *name);
struct flow_var *flow_find_var(const struct flow *f, const char *name);

/*
 * Record that t depends on task dep; duplicates are merged, and the merged
 * dependency is explicit when any of them was.
 */
void flow_add_dep(struct flow *f, struct flow_task *t, size_t dep,
    struct span span, bool explicit_dep);
/* Add a condition to t (copied). */
void flow_add_cond(struct flow *f, struct flow_task *t,
    const struct flow_cond *c);

/*
 * Build f->dag from the tasks' dependencies and compute the stable order.
 * A cycle is reported to dl, at the first task of the cycle, as
 *   dependency cycle: task.bash_run.a -> task.bash_run.b -> task.bash_run.a
 * Returns 0, or -1 after reporting a cycle.
 */
int flow_build_dag(struct flow *f, struct diag_list *dl);

/* Release the retry policies the tasks own (flow_release does this). */
void flow_task_release(struct flow_task *t);

#endif
