/*
 * The task-type interface and registry: the contract between the engine
 * (flow/sched) and each kind of task (bash_run, file_write, docker_run...).
 *
 * A type is a table of hooks:
 *
 *   args    its schema: argument names, accepted value kinds, required
 *           ones.  `_depends_on`, `_retry` and `_timeout` are the engine's
 *           and never reach a type.
 *   check   validation beyond the schema (two arguments that exclude each
 *           other, a value out of range).  The same code runs at load time
 *           on the values known then (located diagnostics) and again at
 *           start on the evaluated arguments (the task fails with the
 *           message), so the rules live in one place.
 *   plan    evaluated arguments -> what would run: argv, environment
 *           additions and removals, stdin bytes, or a one-line description
 *           for work done in the runner (file_write).  `run` executes
 *           exactly this plan and `--dry-run` prints exactly this plan
 *           (architecture.md section 1).
 *   start   begin the work on the loop (usually task_run_spawn(), which
 *           spawns the plan through exec/proc) and report completion later
 *           with task_run_succeed() or task_run_fail().
 *   cancel  stop the work (timeout, SIGINT/SIGTERM, a failure elsewhere):
 *           the default signals the process group, SIGTERM then SIGKILL
 *           after the grace period; docker_run stops its container there.
 *           Cancelling is complete only when the type reports completion.
 *
 * Ownership: a struct task_run is made by the engine for one attempt and
 * freed by it with task_run_free() after completion (or at any time, which
 * kills what is still running).  The type keeps private state in
 * run->state and frees it in its free_state hook.  Result values are
 * allocated in run->arena, which outlives the run.
 */
#ifndef RF_TASKS_TASK_H
#define RF_TASKS_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag/diag.h"
#include "eval/value.h"
#include "exec/loop.h"
#include "exec/proc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/strvec.h"

struct engine_set;
struct sched_pool;
struct task_run;
struct task_type;

/* Value kinds accepted by an argument: a mask of TASK_KIND(VAL_...). */
#define TASK_KIND(k)	(1u << (k))
#define TASK_KIND_ANY	0u

/* One argument of a type's schema. */
struct task_arg {
	const char *name;
	unsigned kinds;		/* TASK_KIND_ANY or a mask; null is always
				   accepted for optional arguments */
	bool required;
};

/*
 * An argument as the checks see it.  At load time val is NULL (or
 * unknown) when the value needs task results; at start every value is
 * known and the spans are empty.
 */
struct task_argval {
	const char *name;
	struct span name_span;
	struct span value_span;
	const struct value *val;
};

/* What check hooks read and where they report. */
struct task_check {
	const struct task_type *type;
	const char *task_id;		/* "task.bash_run.echo" */
	const struct task_argval *args;
	size_t nargs;
	const struct source *src;	/* NULL at start: no locations */
	struct span block_span;		/* the task block (missing arguments) */
	struct diag_list *diags;
};

/*
 * A plan: what the task would run.  Exactly one of argv (a program) and
 * describe (work done inside the runner) is set.
 */
struct task_plan {
	struct strvec argv;	/* argv[0] is looked up in PATH */
	struct strvec env;	/* "NAME=VALUE" set in the child's environment,
				   over the runner's own */
	struct strvec unset;	/* names removed from the child's environment */
	struct buf input;	/* bytes fed to stdin when has_input */
	bool has_input;
	char *describe;		/* malloc'd; NULL when argv is used */
};

#define TASK_PLAN_INIT { STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, BUF_INIT, \
	false, NULL }

/* Why the engine cancels a run. */
enum task_cancel_why {
	TASK_CANCEL_TIMEOUT,	/* _timeout reached */
	TASK_CANCEL_SIGNAL,	/* the runner got SIGINT or SIGTERM */
	TASK_CANCEL_FORCE,	/* a second signal: stop now (SIGKILL) */
};

typedef void (*task_check_cb)(struct task_check *c);
/* Fill plan from run->args; 0, or -1 with *err (malloc'd). */
typedef int (*task_plan_cb)(struct task_run *run, struct task_plan *plan,
    char **err);
/*
 * Begin the work described by run->plan.  Returns 0 when the work was
 * started or already finished (completion reported, possibly from inside
 * start: the engine defers it to the loop), or -1 after task_run_fail().
 */
typedef int (*task_start_cb)(struct task_run *run);
typedef void (*task_cancel_cb)(struct task_run *run, enum task_cancel_why why);
typedef void (*task_free_cb)(struct task_run *run);

struct task_type {
	const char *name;
	const struct task_arg *args;	/* ends with a NULL name */
	task_check_cb check;		/* may be NULL */
	task_plan_cb plan;		/* may be NULL: no plan to show */
	task_start_cb start;
	task_cancel_cb cancel;		/* NULL: task_run_default_cancel */
	task_free_cb free_state;	/* may be NULL */
	/*
	 * The argument names for "did you mean" and the unknown-argument
	 * check come from args; a type whose names live elsewhere (docker's
	 * table) sets open_args and checks names itself in check.
	 */
	bool open_args;
	/*
	 * The attributes the type adds to a result (NULL-terminated), so the
	 * loader can check task.T.N.ATTR before the run: an attribute must be
	 * one of these or an argument the task was given.  NULL: not declared
	 * (flow_run, whose exports are named by each task), nothing checked.
	 */
	const char *const *results;
	/*
	 * NULL, or the name of an object argument evaluated before the
	 * others, whose members become variables while the other arguments
	 * are evaluated (hcl2_template's `context`: `${answer}` in `source`
	 * reads context.answer).  The loader also accepts those names as
	 * references there.
	 */
	const char *scope_arg;
	/*
	 * NULL, or the block types a task body may hold (ending with NULL):
	 * the loader turns the blocks of each such type into one object
	 * argument of that name, the blocks' attributes as its members
	 * (flow_run's `export { NAME = "..." }`).  An attribute of that name
	 * is an error; the argument needs an entry in args like any other.
	 */
	const char *const *blocks;
	/*
	 * The type runs on Docker engines: the task may carry `_engine =
	 * "NAME"` (tasks/engine.h), which reaches it in args.  The loader
	 * refuses `_engine` on other types.
	 */
	bool takes_engine;
};

/* Run-wide settings shared by every task of a run. */
typedef void (*task_hook_cb)(void *arg);

struct task_ctx {
	struct loop *loop;
	char *const *environ;	/* the runner's environment (base of plans) */
	FILE *out;		/* task output printed "as runflow does" */
	size_t capture_max;	/* cap per captured stream; 0: none */
	uint64_t grace_ms;	/* SIGTERM -> SIGKILL delay when cancelling */
	bool stream;		/* --stream: print output lines live */
	const char *docker;	/* the docker binary */
	const char *run_id;	/* labels containers of this run */
	struct sched_pool *pool; /* the run's job slots (flow/sched.h); set
				   by the scheduler for its tasks */
	struct engine_set *engines; /* the engines of the settings file and
				   the run's pool (tasks/engine.h), or NULL */
	/* Called around every write to out (the live status line). */
	task_hook_cb before_output, after_output;
	void *hook_arg;
};

/* Default grace between SIGTERM and SIGKILL. */
#define TASK_GRACE_MS 10000
/* Default cap per captured stream (docker-run-decisions.md section 2). */
#define TASK_CAPTURE_MAX ((size_t)64 << 20)

/* Completion, once per run. */
typedef void (*task_done_cb)(struct task_run *run, void *arg);

struct task_run {
	const struct task_type *type;
	const struct task_ctx *ctx;
	const char *id;			/* "task.bash_run.echo" (borrowed) */
	const char *display;		/* "echo" (borrowed) */
	const struct value *args;	/* evaluated arguments, an object */
	struct arena *arena;		/* for result values; outlives the run */
	unsigned attempt;		/* from 1 */
	struct task_plan plan;
	void *state;			/* the type's own */
	struct proc *proc;		/* set by task_run_spawn() */

	/* Filled at completion. */
	bool finished;
	const struct value *result;	/* on success: args + type attributes */
	char *error;			/* on failure: message, malloc'd */

	/* The engine's. */
	task_done_cb on_done;
	void *done_arg;
	bool in_start;
	bool canceled;
	struct loop_timer *defer;
	void *priv;			/* task.c's live-output state */
};

/* Registry. */

/* Add a type (the pointer is kept); fatal when the name is taken. */
void task_register(const struct task_type *type);
/* Register the built-in types once (idempotent). */
void task_register_builtins(void);
/* The type called name, or NULL. */
const struct task_type *task_lookup(const char *name);
/* Every registered name, in registration order; sets *n. */
const char *const *task_type_names(size_t *n);

/* The built-in types (each in its own file). */
extern const struct task_type task_type_bash_run;
extern const struct task_type task_type_file_write;
extern const struct task_type task_type_file_read;
extern const struct task_type task_type_hcl2_template;
extern const struct task_type task_type_docker_run;
extern const struct task_type task_type_flow_run;

/* Checks. */

/*
 * Check arguments against the type's schema (unknown names with a
 * suggestion, missing required ones, value kinds where known) and then run
 * the type's check hook.  Diagnostics go to c->diags.
 */
void task_check_args(struct task_check *c);
/* The argument called name in c, or NULL. */
const struct task_argval *task_check_find(const struct task_check *c,
    const char *name);
/* Report an error about argument a (NULL: the whole task). */
struct diag *task_check_error(struct task_check *c, const struct task_argval *a,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/*
 * Run task_check_args on an evaluated argument object (at start).  Returns
 * 0, or -1 with *err set to the messages joined by newlines (malloc'd).
 */
int task_check_value(const struct task_type *type, const char *task_id,
    const struct value *args, char **err);

/* Plans. */

void task_plan_init(struct task_plan *p);
void task_plan_release(struct task_plan *p);
/*
 * Append the plan as one shell line that runs as printed: environment
 * removals as `env -u NAME`, additions as NAME=value words, then argv,
 * every word quoted for POSIX sh; or the description.
 */
int task_plan_format(const struct task_plan *p, struct buf *out);
/*
 * The child's environment for a plan: base minus unset, with env set over
 * it.  The caller releases the vector.
 */
void task_plan_environ(const struct task_plan *p, char *const *base,
    struct strvec *out);

/* Runs (for the engine). */

/* A new run of one attempt; every pointer is borrowed. */
struct task_run *task_run_new(const struct task_type *type,
    const struct task_ctx *ctx, const char *id, const char *display,
    const struct value *args, struct arena *arena, unsigned attempt);
/*
 * Check the arguments, make the plan and start.  Completion (on_done) is
 * always called from the loop, never from inside this call.  Returns 0;
 * a run that failed to start completes with its failure like any other.
 */
int task_run_start(struct task_run *run, task_done_cb on_done, void *arg);
/* Ask the run to stop (idempotent); completion follows. */
void task_run_cancel(struct task_run *run, enum task_cancel_why why);
/* Free a run; work still running is killed. */
void task_run_free(struct task_run *run);
/* Only the plan (for --dry-run); 0, or -1 with *err. */
int task_run_plan(struct task_run *run, char **err);

/* Completion (for types). */

/*
 * Report success: the result is run->args merged with attrs (an object of
 * the type's result attributes; NULL: none), attrs winning on a clash.
 */
void task_run_succeed(struct task_run *run, const struct value *attrs);
/* Report failure with a message (lines after the first are details). */
void task_run_fail(struct task_run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Helpers for types. */

/*
 * Spawn run->plan on the loop with stdout and stderr captured (capped by
 * ctx->capture_max) and stdin fed from the plan's input.  done is called
 * once the child was reaped and both pipes are drained.  Returns 0, or -1
 * with errno (ENOENT: program not found).
 */
int task_run_spawn(struct task_run *run, proc_done_cb done);
/* What task_run_spawn_opts() may change. */
struct task_spawn {
	char *const *argv;	/* the program; NULL: the plan's argv (the
				   plan's environment applies either way) */
	char *const *environ;	/* the base environment; NULL: ctx->environ */
	bool combined;		/* also capture both streams in arrival order
				   (proc_combined), capped at twice the cap */
	bool stream;		/* print lines live even without ctx->stream */
};
/*
 * task_run_spawn() with options (ts may be NULL).  Live lines are printed
 * as "display | line", whole lines in one write, the rest of a stream's
 * last line when the process ends, before done is called.
 */
int task_run_spawn_opts(struct task_run *run, const struct task_spawn *ts,
    proc_done_cb done);
/* The default cancel: SIGTERM to the group, SIGKILL after the grace. */
void task_run_default_cancel(struct task_run *run, enum task_cancel_why why);
/* Write bytes to ctx->out between the output hooks, and flush. */
void task_print(const struct task_ctx *ctx, const char *data, size_t len);
/* Strip leading and trailing whitespace as Python's str.strip() does. */
const struct value *task_strip(struct arena *a, const char *s, size_t len);
/*
 * The message for a child that did not succeed: "exited with status N" or
 * "was killed by signal N (SIGTERM)"; plus, for EFBIG, the cap reached.
 */
char *task_proc_status_text(const struct proc_result *r, size_t cap);
/* The last n lines of s (for failure details), as a pointer into s. */
const char *task_last_lines(const char *s, size_t len, size_t n);

/*
 * v as text for a plan: strings as they are, numbers and bools converted;
 * a value a dry run cannot know yet is shown as its reference,
 * "${task.bash_run.a.stdout}" (or "${...}" without one).  NULL when v is
 * NULL or cannot be text (a list, an object, null).
 */
const struct value *task_plan_text(struct arena *a, const struct value *v);

/* An argument of run->args, or NULL when absent or null. */
const struct value *task_arg(const struct task_run *run, const char *name);

#endif
