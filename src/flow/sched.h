/*
 * The scheduler (flow.md section 4): runs a flow's tasks on one event loop.
 *
 * - A task is ready when every task it depends on succeeded; ready tasks
 *   start lowest index first (file order), at most `jobs` at once, so
 *   -j 1 runs them in the stable order of flow/dag.h.
 * - Just before a task's first attempt its `_depends_on` conditions are
 *   decided; a false one cancels the task and everything after it.
 * - A failed task cancels its dependents (transitively); independent
 *   branches keep running.  The run ends when no task can start.
 * - `_retry` reruns a failed attempt after the policy's wait (a loop
 *   timer) until the policy says stop; a task waiting for a retry does not
 *   hold a job slot.
 * - `_timeout` bounds each attempt with a loop timer: the task's cancel
 *   hook stops the work (the default: SIGTERM to its process group, then
 *   SIGKILL after the grace period) and the attempt fails with
 *   "timed out after N s".
 * - SIGINT or SIGTERM cancels every pending task, asks every running one
 *   to stop through its cancel hook and waits until each reports it is
 *   done; a second signal forces (SIGKILL).  The run then ends with 130
 *   or 143.
 *
 * Log lines on stderr, in runflow's format (util/log.h):
 *   [2021-06-12 15:14:01,654] Task "echo" is started.
 *   ... is successful. / is failed. / is canceled.
 * A failure line is followed by its reason, each line indented by four
 * spaces and without a timestamp.  A failed attempt that will be retried
 * logs `Task "x" attempt 1 is failed, retrying in 2 s.` (plus its reason)
 * and the rerun `Task "x" is retrying (attempt 2).`  The run ends with a
 * summary: `3 succeeded, 1 failed, 2 canceled in 4.2 s`.  On a terminal
 * a one-line status (running tasks with their elapsed time, counts, total
 * time) is redrawn in place and cleared before every log line and at the
 * end; nothing of it is written when stderr is not a terminal.
 *
 * Ownership: the scheduler borrows the flow (with its built dag), the
 * task context (its loop must exist for the scheduler's lifetime) and the
 * value arena (results are allocated there and outlive the scheduler).
 */
#ifndef RF_FLOW_SCHED_H
#define RF_FLOW_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/value.h"
#include "flow/flow.h"
#include "flow/retry.h"
#include "tasks/task.h"

struct sched;

enum sched_state {
	SCHED_PENDING,		/* waiting for dependencies or a job slot */
	SCHED_RUNNING,		/* an attempt is running */
	SCHED_WAITING,		/* between attempts (retry wait) */
	SCHED_SUCCEEDED,
	SCHED_FAILED,
	SCHED_CANCELED,
};

/*
 * The evaluator's hooks.  args: the task's evaluated arguments (an object
 * in arena a) from the results so far (sched_task_result), or NULL with
 * *err (malloc'd) to fail the task.  cond: 1, 0 or -1 with *err, as
 * flow_cond_cb.  Without a hook the task's own args / the condition's
 * thunk are used.
 */
typedef const struct value *(*sched_args_cb)(struct sched *s,
    const struct flow_task *t, struct arena *a, char **err, void *arg);
typedef int (*sched_cond_cb)(struct sched *s, const struct flow_task *t,
    const struct flow_cond *c, char **err, void *arg);

/*
 * Job slots shared by the schedulers of one run: a flow_run task's
 * sub-flow takes its parent's pool (task_ctx.pool) so the whole run keeps
 * to one -j.  The pool must outlive its schedulers.
 */
struct sched_pool;

/* Called once when a run started with sched_start() is over. */
typedef void (*sched_done_cb)(struct sched *s, int status, void *arg);

struct sched_opts {
	unsigned jobs;		/* 0: the number of online CPUs (ignored
				   with a pool) */
	struct sched_pool *pool; /* NULL: a pool of `jobs` of its own */
	int status;		/* live status line: -1 when stderr is a
				   terminal, 0 never, 1 always */
	bool summary;		/* log the final summary line */
	retry_rand_cb rnd;	/* NULL: the built-in generator */
	void *rnd_arg;
	sched_args_cb eval_args;
	sched_cond_cb eval_cond;
	void *eval_arg;
};

#define SCHED_OPTS_INIT { 0, NULL, -1, true, NULL, NULL, NULL, NULL, NULL }

struct sched_stats {
	size_t succeeded, failed, canceled;
	uint64_t elapsed_ms;
	size_t max_running;	/* most attempts running at one time */
	int signo;		/* SIGINT or SIGTERM that stopped the run, or 0 */
};

/*
 * Make a scheduler for f (whose dag must be built).  The context is
 * copied (the output hooks are replaced by the status line's); values
 * receives task results.
 */
struct sched *sched_new(const struct flow *f, const struct task_ctx *ctx,
    struct arena *values, const struct sched_opts *o);
/*
 * Run every task to an end state: the top-level run, which watches
 * SIGINT and SIGTERM, draws the status line and logs the summary.
 * Returns the exit status of flow.md section 4: 0, 1 (a task failed),
 * 130 (SIGINT) or 143 (SIGTERM); or -1 with errno when the loop itself
 * failed.
 */
int sched_run(struct sched *s);
/*
 * Begin the run on the loop and return; done gets the same exit status
 * as sched_run() (1 also after sched_cancel), from the loop, once every
 * task ended.  No signal watchers, status line or summary: this is for a
 * run inside a task (flow_run).
 */
void sched_start(struct sched *s, sched_done_cb done, void *arg);
/*
 * Stop a run: pending and waiting tasks are canceled, running ones are
 * asked to stop (why: TASK_CANCEL_SIGNAL, or TASK_CANCEL_FORCE for
 * SIGKILL at once); completion follows as usual.
 */
void sched_cancel(struct sched *s, enum task_cancel_why why);
/* Free the scheduler (after its end, or to abandon it: runs are killed). */
void sched_free(struct sched *s);

struct sched_pool *sched_pool_new(unsigned jobs);
/* Free a pool; every scheduler using it must be freed first. */
void sched_pool_free(struct sched_pool *p);
/*
 * A running task that waits for work started in the same pool (flow_run
 * waiting for its sub-flow) lends its slot back, so -j 1 cannot deadlock,
 * and reclaims it just before it completes.
 */
void sched_pool_lend(struct sched_pool *p);
void sched_pool_reclaim(struct sched_pool *p);

enum sched_state sched_task_state(const struct sched *s, size_t i);
/* The result object of a task that succeeded, else NULL. */
const struct value *sched_task_result(const struct sched *s, size_t i);
/* The failure message of a failed task, else NULL. */
const char *sched_task_error(const struct sched *s, size_t i);
/* Attempts started so far. */
unsigned sched_task_attempts(const struct sched *s, size_t i);
/* Loop time (loop_now_ms) when each attempt started; n = attempts. */
const uint64_t *sched_task_starts(const struct sched *s, size_t i);
/* The position of task i in the start order (from 0), or SIZE_MAX. */
size_t sched_task_start_rank(const struct sched *s, size_t i);
void sched_get_stats(const struct sched *s, struct sched_stats *st);
/* "pending", "running", ..., for messages and tests. */
const char *sched_state_name(enum sched_state st);

#endif
