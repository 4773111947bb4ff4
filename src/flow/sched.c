#include "config.h"

#include <sys/ioctl.h>

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flow/sched.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* How often the live status line is redrawn. */
#define STATUS_TICK_MS 200

/* The scheduler's record of one task. */
struct stask {
	const struct flow_task *t;
	size_t index;
	enum sched_state state;
	size_t deps_left;
	bool queued;			/* in the ready heap */
	unsigned attempt;		/* attempts started */
	uint64_t first_ms;		/* first attempt's start */
	uint64_t *starts;		/* each attempt's start, attempt of them */
	struct task_run *run;		/* the running attempt */
	struct loop_timer *timeout;	/* the running attempt's limit */
	struct loop_timer *wait;	/* the retry wait */
	bool timed_out;
	const struct value *args;
	const struct value *result;
	char *error;
	size_t start_rank;
	struct sched *s;
};

/* Job slots shared by the schedulers of one run. */
struct sched_pool {
	unsigned jobs;		/* the -j limit */
	unsigned used;		/* attempts running in every member */
	struct sched **members;
	size_t n, alloc;
};

struct sched {
	const struct flow *f;
	struct sched_pool *pool;	/* shared, or own_pool */
	struct sched_pool *own_pool;
	bool started, finished;
	bool stopping;			/* sched_cancel: nothing new starts */
	sched_done_cb done;
	void *done_arg;
	struct loop_timer *done_timer;
	int status;			/* the exit status, once finished */
	struct task_ctx ctx;		/* the caller's, with our output hooks */
	struct arena *values;
	struct sched_opts o;
	struct stask *tasks;
	size_t n;
	struct dag_heap ready;
	size_t running, waiting, nstarted;
	size_t max_running;
	bool pumping;
	int signo;			/* first SIGINT/SIGTERM, or 0 */
	uint64_t start_ms, end_ms;
	struct loop_signal *sigint, *sigterm;

	/* The live status line. */
	bool status_on;
	bool status_shown;
	struct loop_timer *status_timer;
};

static void pump(struct sched *s);
static void check_done(struct sched *s);
static void status_draw(void *arg);
static void status_clear(void *arg);

/* Name of a state. */
const char *
sched_state_name(enum sched_state st)
{
	static const char *const names[] = { "pending", "running", "waiting",
		"succeeded", "failed", "canceled" };

	return (size_t)st < sizeof(names) / sizeof(names[0]) ? names[st] :
	    "?";
}

/* Make the scheduler's records. */
struct sched *
sched_new(const struct flow *f, const struct task_ctx *ctx,
    struct arena *values, const struct sched_opts *o)
{
	struct sched *s = xcalloc(1, sizeof(*s));
	struct sched_opts def = SCHED_OPTS_INIT;

	if (f->dag.n != f->ntasks)
		fatal("sched_new: the flow's graph was not built");
	s->f = f;
	s->ctx = *ctx;
	s->values = values;
	s->o = o != NULL ? *o : def;
	/*
	 * Output goes around this scheduler's status line; one that never
	 * draws one (a sub-flow's) keeps the caller's hooks, so the status
	 * line above it is cleared and redrawn too.
	 */
	if (s->o.status != 0) {
		s->ctx.before_output = status_clear;
		s->ctx.after_output = status_draw;
		s->ctx.hook_arg = s;
	}
	if (s->o.pool == NULL) {
		unsigned jobs = s->o.jobs;

		if (jobs == 0) {
			long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

			jobs = ncpu > 0 ? (unsigned)ncpu : 1;
		}
		s->own_pool = sched_pool_new(jobs);
		s->pool = s->own_pool;
	} else {
		s->pool = s->o.pool;
	}
	s->o.jobs = s->pool->jobs;
	s->ctx.pool = s->pool;
	if (s->pool->n == s->pool->alloc) {
		s->pool->alloc = s->pool->alloc ? s->pool->alloc * 2 : 4;
		s->pool->members = xreallocarray(s->pool->members,
		    s->pool->alloc, sizeof(*s->pool->members));
	}
	s->pool->members[s->pool->n++] = s;
	s->n = f->ntasks;
	s->tasks = xcalloc(s->n ? s->n : 1, sizeof(*s->tasks));
	for (size_t i = 0; i < s->n; i++) {
		if (f->tasks[i]->type == NULL)
			fatal("sched_new: task %s has no type", f->tasks[i]->id);
		s->tasks[i].t = f->tasks[i];
		s->tasks[i].index = i;
		s->tasks[i].deps_left = f->dag.nodes[i].ndeps;
		s->tasks[i].start_rank = SIZE_MAX;
		s->tasks[i].s = s;
	}
	return s;
}

/* Free the records (the run must have ended). */
void
sched_free(struct sched *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		struct stask *st = &s->tasks[i];

		if (st->run != NULL)
			task_run_free(st->run);
		if (st->timeout != NULL)
			loop_timer_cancel(s->ctx.loop, st->timeout);
		if (st->wait != NULL)
			loop_timer_cancel(s->ctx.loop, st->wait);
		free(st->starts);
		free(st->error);
	}
	if (s->done_timer != NULL)
		loop_timer_cancel(s->ctx.loop, s->done_timer);
	for (size_t i = 0; i < s->pool->n; i++)
		if (s->pool->members[i] == s) {
			s->pool->members[i] = s->pool->members[--s->pool->n];
			break;
		}
	sched_pool_free(s->own_pool);
	dag_heap_release(&s->ready);
	free(s->tasks);
	free(s);
}

/* A pool of jobs slots. */
struct sched_pool *
sched_pool_new(unsigned jobs)
{
	struct sched_pool *p = xcalloc(1, sizeof(*p));

	p->jobs = jobs > 0 ? jobs : 1;
	return p;
}

/* Free a pool no scheduler uses any more. */
void
sched_pool_free(struct sched_pool *p)
{
	if (p == NULL)
		return;
	if (p->n > 0)
		fatal("sched_pool_free: the pool is still in use");
	free(p->members);
	free(p);
}

/* Start what may start in every scheduler of the pool. */
static void
pool_pump(struct sched_pool *p)
{
	/* pump() may free nothing, so the member list is stable here. */
	for (size_t i = 0; i < p->n; i++) {
		pump(p->members[i]);
		check_done(p->members[i]);
	}
}

/* Give back the slot of a running task that waits on other work. */
void
sched_pool_lend(struct sched_pool *p)
{
	if (p->used == 0)
		fatal("sched_pool_lend: no slot is in use");
	p->used--;
	pool_pump(p);
}

/* Take the lent slot back (the task is about to complete). */
void
sched_pool_reclaim(struct sched_pool *p)
{
	p->used++;
}

/* Accessors. */

enum sched_state
sched_task_state(const struct sched *s, size_t i)
{
	return s->tasks[i].state;
}

const struct value *
sched_task_result(const struct sched *s, size_t i)
{
	return s->tasks[i].result;
}

const char *
sched_task_error(const struct sched *s, size_t i)
{
	return s->tasks[i].error;
}

unsigned
sched_task_attempts(const struct sched *s, size_t i)
{
	return s->tasks[i].attempt;
}

const uint64_t *
sched_task_starts(const struct sched *s, size_t i)
{
	return s->tasks[i].starts;
}

size_t
sched_task_start_rank(const struct sched *s, size_t i)
{
	return s->tasks[i].start_rank;
}

/* Count the end states. */
void
sched_get_stats(const struct sched *s, struct sched_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < s->n; i++) {
		switch (s->tasks[i].state) {
		case SCHED_SUCCEEDED:
			st->succeeded++;
			break;
		case SCHED_FAILED:
			st->failed++;
			break;
		case SCHED_CANCELED:
			st->canceled++;
			break;
		default:
			break;
		}
	}
	st->elapsed_ms = (s->end_ms ? s->end_ms : loop_now_ms()) - s->start_ms;
	st->max_running = s->max_running;
	st->signo = s->signo;
}

/* The live status line. */

/* Terminal width, 80 when unknown. */
static size_t
term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* Erase the status line if it is shown (a log hook). */
static void
status_clear(void *arg)
{
	struct sched *s = arg;

	if (!s->status_shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	s->status_shown = false;
}

/* Draw the status line (a log hook and the tick). */
static void
status_draw(void *arg)
{
	struct sched *s = arg;
	struct sched_stats st;
	struct buf b = BUF_INIT;
	uint64_t now;
	size_t width, shown = 0, len;

	if (!s->status_on || s->running + s->waiting == 0)
		return;
	now = loop_now_ms();
	width = term_width();
	sched_get_stats(s, &st);
	buf_printf(&b, "%zu running", s->running);
	for (size_t i = 0; i < s->n; i++) {
		struct stask *t = &s->tasks[i];

		if (t->state != SCHED_RUNNING)
			continue;
		buf_printf(&b, "%s %s %.1fs", shown++ ? "," : ":",
		    t->t->display,
		    (double)(now - t->starts[t->attempt - 1]) / 1000.0);
	}
	buf_printf(&b, " | %zu done, %zu failed", st.succeeded, st.failed);
	if (st.canceled > 0)
		buf_printf(&b, ", %zu canceled", st.canceled);
	buf_printf(&b, " | %.1f s", (double)(now - s->start_ms) / 1000.0);
	/* Keep it on one line: cut at the width (bytes; names are short). */
	len = b.len < width - 1 ? b.len : width - 1;
	fprintf(stderr, "\r\033[K%.*s", (int)len, buf_str(&b));
	fflush(stderr);
	s->status_shown = true;
	buf_release(&b);
}

/* Tick: redraw and re-arm. */
static void
status_tick(struct loop *loop, void *arg)
{
	struct sched *s = arg;

	s->status_timer = loop_timer_add(loop, loop_now_ms() + STATUS_TICK_MS,
	    status_tick, s);
	status_draw(s);
}

/* Logging. */

/*
 * Print a reason under a log line in one write: each line indented by four
 * spaces, blank lines empty, trailing blank lines and carriage returns
 * dropped, control characters escaped (the reason may quote a program's
 * output).
 */
static void
log_reason(struct sched *s, const char *reason)
{
	struct buf b = BUF_INIT;
	const char *p = reason, *end, *nl;
	size_t len, n;

	if (reason == NULL || LOG_ERROR < log_get_level())
		return;
	end = reason + strlen(reason);
	while (end > reason && isspace((unsigned char)end[-1]))
		end--;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		n = len > 0 && p[len - 1] == '\r' ? len - 1 : len;
		if (n > 0) {
			buf_puts(&b, "    ");
			utf8_escape_append(&b, p, n, UTF8_KEEP_TAB);
		}
		buf_putc(&b, '\n');
		p += len + (nl != NULL);
	}
	if (b.len > 0) {
		status_clear(s);
		fwrite(buf_str(&b), 1, b.len, stderr);
		fflush(stderr);
		status_draw(s);
	}
	buf_release(&b);
}

/* Seconds as short text: "2", "0.5", "1.25". */
static void
fmt_seconds(char *out, size_t n, double sec)
{
	snprintf(out, n, "%g", sec);
}

/* State changes. */

/* Cancel task i (not started) with a log line. */
static void
mark_canceled(struct sched *s, struct stask *st)
{
	if (st->wait != NULL) {
		loop_timer_cancel(s->ctx.loop, st->wait);
		st->wait = NULL;
		s->waiting--;
	}
	st->state = SCHED_CANCELED;
	log_msg(LOG_INFO, "Task \"%s\" is canceled.", st->t->display);
}

/* Cancel every task that depends on i, directly or not, in file order. */
static void
cancel_dependents(struct sched *s, size_t i)
{
	bool *mark = xcalloc(s->n, sizeof(*mark));
	size_t *stack = xmalloc(s->n * sizeof(*stack));
	size_t sp = 0;

	stack[sp++] = i;
	while (sp > 0) {
		const struct dag_node *nd = &s->f->dag.nodes[stack[--sp]];

		for (size_t k = 0; k < nd->nusers; k++) {
			size_t u = nd->users[k];

			if (!mark[u]) {
				mark[u] = true;
				stack[sp++] = u;
			}
		}
	}
	for (size_t u = 0; u < s->n; u++)
		if (mark[u] && s->tasks[u].state == SCHED_PENDING)
			mark_canceled(s, &s->tasks[u]);
	free(mark);
	free(stack);
}

/* Task i failed for good. */
static void
mark_failed(struct sched *s, struct stask *st, char *why)
{
	free(st->error);
	st->error = why;
	st->state = SCHED_FAILED;
	log_msg(LOG_ERROR, "Task \"%s\" is failed.", st->t->display);
	log_reason(s, why);
	cancel_dependents(s, st->index);
}

/* Queue a task that may start now. */
static void
make_ready(struct sched *s, struct stask *st)
{
	if (st->queued)
		return;
	st->queued = true;
	dag_heap_push(&s->ready, st->index);
}

/* Task i succeeded: its dependents may become ready. */
static void
mark_succeeded(struct sched *s, struct stask *st, const struct value *res)
{
	const struct dag_node *nd = &s->f->dag.nodes[st->index];

	st->state = SCHED_SUCCEEDED;
	st->result = res;
	log_msg(LOG_INFO, "Task \"%s\" is successful.", st->t->display);
	for (size_t k = 0; k < nd->nusers; k++) {
		struct stask *u = &s->tasks[nd->users[k]];

		if (--u->deps_left > 0 || u->state != SCHED_PENDING)
			continue;
		/* After SIGINT/SIGTERM (or a cancel) nothing new starts. */
		if (s->stopping)
			mark_canceled(s, u);
		else
			make_ready(s, u);
	}
}

/* Retry wait over: back to the ready queue. */
static void
on_wait_done(struct loop *loop, void *arg)
{
	struct stask *st = arg;
	struct sched *s = st->s;

	(void)loop;
	st->wait = NULL;
	s->waiting--;
	st->state = SCHED_PENDING;
	make_ready(s, st);
	pump(s);
	check_done(s);
}

/* The running attempt passed its _timeout. */
static void
on_timeout(struct loop *loop, void *arg)
{
	struct stask *st = arg;

	(void)loop;
	st->timeout = NULL;
	st->timed_out = true;
	task_run_cancel(st->run, TASK_CANCEL_TIMEOUT);
}

/* An attempt failed with why (owned): retry it, or fail the task. */
static void
attempt_failed(struct sched *s, struct stask *st, char *why)
{
	const struct retry_policy *rp = &st->t->retry;
	uint64_t now = loop_now_ms();
	double wait;
	char secs[32];

	if (s->stopping ||
	    retry_should_stop(rp, st->attempt, now - st->first_ms)) {
		mark_failed(s, st, why);
		return;
	}
	wait = retry_wait_seconds(&rp->wait, st->attempt, s->o.rnd,
	    s->o.rnd_arg);
	fmt_seconds(secs, sizeof(secs), wait);
	log_msg(LOG_WARNING, "Task \"%s\" attempt %u is failed, retrying in "
	    "%s s.", st->t->display, st->attempt, secs);
	log_reason(s, why);
	free(why);
	st->state = SCHED_WAITING;
	s->waiting++;
	st->wait = loop_timer_add(s->ctx.loop,
	    now + retry_seconds_to_ms(wait), on_wait_done, st);
}

/* A run reported completion. */
static void
on_run_done(struct task_run *run, void *arg)
{
	struct stask *st = arg;
	struct sched *s = st->s;

	if (st->timeout != NULL) {
		loop_timer_cancel(s->ctx.loop, st->timeout);
		st->timeout = NULL;
	}
	s->running--;
	s->pool->used--;
	st->run = NULL;
	if (run->result != NULL && run->error == NULL && !st->timed_out) {
		/* Work that finished despite a late cancel still counts. */
		mark_succeeded(s, st, run->result);
	} else if (s->stopping && run->canceled && !st->timed_out) {
		st->state = SCHED_CANCELED;
		log_msg(LOG_INFO, "Task \"%s\" is canceled.", st->t->display);
	} else if (st->timed_out) {
		char secs[32];

		fmt_seconds(secs, sizeof(secs), st->t->timeout);
		attempt_failed(s, st, xasprintf("timed out after %s s", secs));
	} else {
		attempt_failed(s, st, xstrdup(run->error != NULL ?
		    run->error : "failed without a message"));
	}
	task_run_free(run);
	pool_pump(s->pool);
}

/* Decide the task's conditions: 1 go, 0 cancel, -1 fail (*err). */
static int
decide_conditions(struct sched *s, struct stask *st, char **err)
{
	for (size_t k = 0; k < st->t->nconds; k++) {
		const struct flow_cond *c = &st->t->conds[k];
		int r;

		if (s->o.eval_cond != NULL)
			r = s->o.eval_cond(s, st->t, c, err, s->o.eval_arg);
		else if (c->fn != NULL)
			r = c->fn(c->arg, err);
		else
			fatal("task %s: a condition without a way to decide "
			    "it", st->t->id);
		if (r != 1)
			return r;
	}
	return 1;
}

/* An object with no members. */
static const struct value *
empty_object(struct arena *a)
{
	static const struct val_member none[1];
	size_t dup;

	return val_object(a, none, 0, &dup);
}

/* Start the next attempt of a ready task. */
static void
start_task(struct sched *s, struct stask *st)
{
	char *err = NULL;
	uint64_t now = loop_now_ms();

	st->queued = false;
	if (st->attempt == 0) {
		int r = decide_conditions(s, st, &err);

		if (r == 0) {
			mark_canceled(s, st);
			cancel_dependents(s, st->index);
			return;
		}
		if (r == -1) {
			mark_failed(s, st, err);
			return;
		}
		st->args = st->t->args;
		if (st->args == NULL && s->o.eval_args != NULL)
			st->args = s->o.eval_args(s, st->t, s->values, &err,
			    s->o.eval_arg);
		else if (st->args == NULL)
			st->args = empty_object(s->values);
		if (st->args == NULL) {
			mark_failed(s, st, err != NULL ? err :
			    xstrdup("its arguments could not be evaluated"));
			return;
		}
		st->first_ms = now;
		st->start_rank = s->nstarted++;
		log_msg(LOG_INFO, "Task \"%s\" is started.", st->t->display);
	} else {
		log_msg(LOG_INFO, "Task \"%s\" is retrying (attempt %u).",
		    st->t->display, st->attempt + 1);
	}
	st->starts = xreallocarray(st->starts, st->attempt + 1,
	    sizeof(*st->starts));
	st->starts[st->attempt++] = now;
	st->timed_out = false;
	st->state = SCHED_RUNNING;
	s->pool->used++;
	if (++s->running > s->max_running)
		s->max_running = s->running;
	st->run = task_run_new(st->t->type, &s->ctx, st->t->id,
	    st->t->display, st->args, s->values, st->attempt);
	if (st->t->timeout > 0)
		st->timeout = loop_timer_add(s->ctx.loop,
		    now + retry_seconds_to_ms(st->t->timeout), on_timeout, st);
	task_run_start(st->run, on_run_done, st);
}

/* Start ready tasks while the pool has free slots. */
static void
pump(struct sched *s)
{
	if (s->pumping || !s->started || s->finished)
		return;
	s->pumping = true;
	while (!s->stopping && s->pool->used < s->pool->jobs &&
	    s->ready.n > 0)
		start_task(s, &s->tasks[dag_heap_pop(&s->ready)]);
	s->pumping = false;
}

/* The exit status of flow.md section 4. */
static int
exit_status(const struct sched *s)
{
	struct sched_stats st;

	if (s->signo == SIGINT)
		return 130;
	if (s->signo == SIGTERM)
		return 143;
	sched_get_stats(s, &st);
	return st.failed > 0 || s->stopping ? 1 : 0;
}

/* Timer: report the end to the caller, outside of any task callback. */
static void
deliver_done(struct loop *loop, void *arg)
{
	struct sched *s = arg;

	(void)loop;
	s->done_timer = NULL;
	if (s->done != NULL)
		s->done(s, s->status, s->done_arg);
}

/* When nothing runs, waits or can start, the run is over. */
static void
check_done(struct sched *s)
{
	if (!s->started || s->finished || s->running > 0 || s->waiting > 0)
		return;
	/* Ready tasks wait for a slot another scheduler of the pool holds. */
	if (s->ready.n > 0 && !s->stopping)
		return;
	/* Whatever could not start because of a stop is canceled. */
	for (size_t i = 0; i < s->n; i++)
		if (s->tasks[i].state == SCHED_PENDING)
			mark_canceled(s, &s->tasks[i]);
	s->finished = true;
	s->end_ms = loop_now_ms();
	s->status = exit_status(s);
	s->done_timer = loop_timer_add(s->ctx.loop, loop_now_ms(),
	    deliver_done, s);
}

/* Stop the run: cancel what waits, ask what runs to stop. */
void
sched_cancel(struct sched *s, enum task_cancel_why why)
{
	if (!s->stopping) {
		s->stopping = true;
		for (size_t i = 0; i < s->n; i++) {
			struct stask *st = &s->tasks[i];

			if (st->state == SCHED_PENDING ||
			    st->state == SCHED_WAITING)
				mark_canceled(s, st);
		}
		dag_heap_release(&s->ready);
		for (size_t i = 0; i < s->n; i++)
			s->tasks[i].queued = false;
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->tasks[i].run != NULL)
			task_run_cancel(s->tasks[i].run, why);
	check_done(s);
}

/* SIGINT or SIGTERM: the first stops cleanly, a second forces. */
static void
on_signal(struct loop *loop, int signo, void *arg)
{
	struct sched *s = arg;

	(void)loop;
	if (s->signo != 0) {
		sched_cancel(s, TASK_CANCEL_FORCE);
		return;
	}
	s->signo = signo;
	log_msg(LOG_WARNING, "Received SIG%s, stopping %zu running task%s.",
	    sigabbrev_np(signo), s->running, s->running == 1 ? "" : "s");
	sched_cancel(s, TASK_CANCEL_SIGNAL);
}

/* Begin the run on the loop; done is called once at the end. */
void
sched_start(struct sched *s, sched_done_cb done, void *arg)
{
	if (s->started)
		fatal("sched_start called twice");
	s->started = true;
	s->done = done;
	s->done_arg = arg;
	s->start_ms = loop_now_ms();
	for (size_t i = 0; i < s->n; i++)
		if (s->tasks[i].deps_left == 0)
			make_ready(s, &s->tasks[i]);
	pump(s);
	check_done(s);
}

/* sched_run's completion: leave the loop. */
static void
run_done(struct sched *s, int status, void *arg)
{
	(void)status;
	*(bool *)arg = true;
	loop_stop(s->ctx.loop);
}

/* Run the flow to its end, with signals and the status line. */
int
sched_run(struct sched *s)
{
	struct loop *loop = s->ctx.loop;
	struct sched_stats st;
	bool over = false;
	int rc = 0;

	s->status_on = s->o.status == 1 ||
	    (s->o.status == -1 && isatty(STDERR_FILENO) &&
	    log_get_level() <= LOG_INFO);
	log_set_hooks(status_clear, status_draw, s);
	s->sigint = loop_signal_add(loop, SIGINT, on_signal, s);
	s->sigterm = loop_signal_add(loop, SIGTERM, on_signal, s);
	if (s->status_on)
		s->status_timer = loop_timer_add(loop,
		    loop_now_ms() + STATUS_TICK_MS, status_tick, s);
	sched_start(s, run_done, &over);
	while (!over) {
		if (loop_run(loop) == -1) {
			rc = -1;
			break;
		}
	}
	if (s->status_timer != NULL)
		loop_timer_cancel(loop, s->status_timer);
	s->status_timer = NULL;
	status_clear(s);
	s->status_on = false;
	loop_signal_del(loop, s->sigint);
	loop_signal_del(loop, s->sigterm);
	log_set_hooks(NULL, NULL, NULL);
	if (rc == -1)
		return -1;
	sched_get_stats(s, &st);
	if (s->o.summary)
		log_msg(LOG_INFO, "%zu succeeded, %zu failed, %zu canceled in "
		    "%.1f s", st.succeeded, st.failed, st.canceled,
		    (double)st.elapsed_ms / 1000.0);
	return s->status;
}
