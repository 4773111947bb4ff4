#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "exec/loop.h"
#include "flow/flow.h"
#include "flow/sched.h"
#include "tasks/task.h"
#include "util/log.h"
#include "util/xmalloc.h"

extern char **environ;

/* One test's world: a loop, a flow, values and the task context. */
struct fx {
	struct loop *loop;
	struct flow f;
	struct arena values;
	struct task_ctx ctx;
	FILE *out;
	char *outbuf;
	size_t outlen;
	char dir[64];		/* scratch folder */
	struct sched *s;
	int rc;
	struct sched_stats st;
};

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));

	task_register_builtins();
	fx->loop = loop_new();
	assert_non_null(fx->loop);
	flow_init(&fx->f, "test", NULL);
	arena_init(&fx->values);
	fx->out = open_memstream(&fx->outbuf, &fx->outlen);
	fx->ctx.loop = fx->loop;
	fx->ctx.environ = environ;
	fx->ctx.out = fx->out;
	fx->ctx.capture_max = 1 << 20;
	fx->ctx.grace_ms = 300;
	strcpy(fx->dir, "/tmp/rf-sched.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);

	sched_free(fx->s);
	flow_release(&fx->f);
	arena_release(&fx->values);
	fclose(fx->out);
	free(fx->outbuf);
	loop_free(fx->loop);
	/* No loop exists now, so system() may wait for its own child. */
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(fx);
	return 0;
}

/* Add a bash_run task with a constant command. */
static struct flow_task *
add_bash(struct fx *fx, const char *name, const char *fmt, ...)
{
	struct flow_task *t = flow_add_task(&fx->f, "bash_run", name);
	struct val_member m;
	va_list ap;
	char *cmd;
	size_t dup;

	assert_non_null(t);
	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	t->type = task_lookup("bash_run");
	m.key = "command";
	m.keylen = 7;
	m.val = val_cstring(&fx->values, cmd);
	t->args = val_object(&fx->values, &m, 1, &dup);
	free(cmd);
	return t;
}

/* Make t depend on the task at index dep. */
static void
dep(struct fx *fx, struct flow_task *t, size_t dep)
{
	flow_add_dep(&fx->f, t, dep, span_make(0, 0), false);
}

/* Build the graph and run with jobs and an optional options struct. */
static int
run(struct fx *fx, unsigned jobs, const struct sched_opts *o)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct sched_opts def = SCHED_OPTS_INIT;

	assert_int_equal(flow_build_dag(&fx->f, &dl), 0);
	diag_list_release(&dl);
	if (o != NULL)
		def = *o;
	def.jobs = jobs;
	if (def.status == -1)
		def.status = 0;
	fx->s = sched_new(&fx->f, &fx->ctx, &fx->values, &def);
	fx->rc = sched_run(fx->s);
	sched_get_stats(fx->s, &fx->st);
	fflush(fx->out);
	return fx->rc;
}

/* The string attribute name of a result. */
static const char *
result_str(const struct value *res, const char *name)
{
	const struct value *v;

	assert_non_null(res);
	v = val_object_cget(res, name);
	assert_non_null(v);
	assert_int_equal(v->kind, VAL_STRING);
	return v->u.str.s;
}

/* The path of the child helper. */
static char *
child_path(void)
{
	const char *bin = getenv("TESTBIN");

	return xasprintf("%s/child", bin != NULL ? bin : "tests/bin");
}

/* Read "pid=N" from a pidfile, 0 when absent. */
static pid_t
read_pid(const char *path)
{
	FILE *fp = fopen(path, "r");
	long pid = 0;

	if (fp == NULL)
		return 0;
	if (fscanf(fp, "pid=%ld", &pid) != 1)
		pid = 0;
	fclose(fp);
	return (pid_t)pid;
}

/* Whether pid is gone: no such process, or a zombie nobody reaped yet. */
static bool
process_gone(pid_t pid)
{
	char path[64], st[512];
	FILE *fp;
	char *p;
	bool gone = true;

	if (kill(pid, 0) == -1 && errno == ESRCH)
		return true;
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	fp = fopen(path, "r");
	if (fp == NULL)
		return true;
	if (fgets(st, sizeof(st), fp) != NULL && (p = strrchr(st, ')')))
		gone = p[2] == 'Z' || p[2] == 'X';
	fclose(fp);
	return gone;
}

/*
 * Whether pid is gone within two seconds.  A grandchild killed with its
 * group is not ours to reap: the kernel tears it down on its own time.
 */
static bool
gone_soon(pid_t pid)
{
	for (int i = 0; i < 200; i++) {
		if (process_gone(pid))
			return true;
		poll(NULL, 0, 10);
	}
	return false;
}

/* Assert that this process has no child left, reaped or not. */
static void
assert_no_children(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void
test_result_and_output(void **state)
{
	struct fx *fx = *state;
	const struct value *res, *rc;

	add_bash(fx, "echo", "echo '  hello  '; echo err >&2");
	assert_int_equal(run(fx, 2, NULL), 0);
	assert_int_equal(sched_task_state(fx->s, 0), SCHED_SUCCEEDED);
	res = sched_task_result(fx->s, 0);
	assert_string_equal(result_str(res, "stdout"), "hello");
	assert_string_equal(result_str(res, "stderr"), "err");
	assert_string_equal(result_str(res, "command"),
	    "echo '  hello  '; echo err >&2");
	rc = val_object_cget(res, "returncode");
	assert_non_null(rc);
	assert_int_equal(rc->kind, VAL_NUMBER);
	assert_int_equal(rc->u.num.i, 0);
	/* The stripped stdout was printed, as runflow prints it. */
	assert_string_equal(fx->outbuf, "hello\n");
	assert_int_equal(fx->st.succeeded, 1);
	assert_no_children();
}

static void
test_failure_cancels_dependents(void **state)
{
	struct fx *fx = *state;
	struct flow_task *b, *c, *e;

	add_bash(fx, "a", "echo oops >&2; exit 3");
	b = add_bash(fx, "b", "true");
	c = add_bash(fx, "c", "true");
	add_bash(fx, "d", "sleep 0.2; echo done");
	e = add_bash(fx, "e", "true");
	dep(fx, b, 0);
	dep(fx, c, 1);
	dep(fx, e, 3);
	assert_int_equal(run(fx, 4, NULL), 1);
	assert_int_equal(sched_task_state(fx->s, 0), SCHED_FAILED);
	assert_string_equal(sched_task_error(fx->s, 0),
	    "command exited with status 3\noops");
	assert_int_equal(sched_task_state(fx->s, 1), SCHED_CANCELED);
	assert_int_equal(sched_task_state(fx->s, 2), SCHED_CANCELED);
	/* The independent branch finished. */
	assert_int_equal(sched_task_state(fx->s, 3), SCHED_SUCCEEDED);
	assert_int_equal(sched_task_state(fx->s, 4), SCHED_SUCCEEDED);
	assert_int_equal(sched_task_attempts(fx->s, 1), 0);
	assert_int_equal(fx->st.succeeded, 2);
	assert_int_equal(fx->st.failed, 1);
	assert_int_equal(fx->st.canceled, 2);
	assert_string_equal(fx->outbuf, "done\n");
}

static void
test_stable_order_j1(void **state)
{
	struct fx *fx = *state;
	struct flow_task *c, *d;
	char *log = xasprintf("%s/order", fx->dir);

	/* c needs b; d needs c: the order is a, b, c, d by rank. */
	c = add_bash(fx, "c", "echo c >> %s", log);
	add_bash(fx, "a", "echo a >> %s", log);
	add_bash(fx, "b", "echo b >> %s", log);
	d = add_bash(fx, "d", "echo d >> %s", log);
	add_bash(fx, "e", "echo e >> %s", log);
	dep(fx, c, 2);
	dep(fx, d, 0);
	assert_int_equal(run(fx, 1, NULL), 0);
	/* Ready at first: a, b, e; a goes first, then b, then c (ready
	 * now, and before e in the file), then d (before e), then e. */
	assert_int_equal(sched_task_start_rank(fx->s, 1), 0);	/* a */
	assert_int_equal(sched_task_start_rank(fx->s, 2), 1);	/* b */
	assert_int_equal(sched_task_start_rank(fx->s, 0), 2);	/* c */
	assert_int_equal(sched_task_start_rank(fx->s, 3), 3);	/* d */
	assert_int_equal(sched_task_start_rank(fx->s, 4), 4);	/* e */
	assert_int_equal(fx->st.max_running, 1);
	{
		FILE *fp = fopen(log, "r");
		char buf[64] = "";
		size_t n;

		assert_non_null(fp);
		n = fread(buf, 1, sizeof(buf) - 1, fp);
		buf[n] = '\0';
		fclose(fp);
		assert_string_equal(buf, "a\nb\nc\nd\ne\n");
	}
	free(log);
}

static void
test_jobs_limit(void **state)
{
	struct fx *fx = *state;
	char name[8];

	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		add_bash(fx, name, "sleep 0.1");
	}
	assert_int_equal(run(fx, 3, NULL), 0);
	assert_int_equal(fx->st.max_running, 3);
	assert_int_equal(fx->st.succeeded, 10);
	/* Four waves of 0.1 s. */
	assert_true(fx->st.elapsed_ms >= 400);
}

static void
test_hundred_parallel(void **state)
{
	struct fx *fx = *state;
	char name[8];

	log_set_level(LOG_WARNING);
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		add_bash(fx, name, "sleep 1");
	}
	assert_int_equal(run(fx, 100, NULL), 0);
	log_set_level(LOG_INFO);
	print_message("# 100 tasks of 1 s with -j 100: %llu ms\n",
	    (unsigned long long)fx->st.elapsed_ms);
	assert_int_equal(fx->st.succeeded, 100);
	assert_int_equal(fx->st.max_running, 100);
	assert_true(fx->st.elapsed_ms >= 1000);
	/*
	 * All 100 ran at once (max_running); one after another they would
	 * take 100 s.  How close to 1 s it gets is measured by
	 * bench/sched-parallel.sh, not here: a loaded machine (make check
	 * runs tests side by side) slows process start-up itself.
	 */
	assert_true(fx->st.elapsed_ms < 10000);
}

/* Set t's retry policy from a stop_after text and a wait. */
static void
set_retry(struct flow_task *t, const char *stop, const char *wait,
    const double *args, size_t nargs)
{
	char *err = NULL;

	assert_int_equal(retry_parse_stop(&t->retry, stop, &err), 0);
	if (wait != NULL)
		assert_int_equal(retry_wait_make(&t->retry.wait, wait, args,
		    nargs, &err), 0);
	assert_null(err);
}

static void
test_retry_counted_and_waited(void **state)
{
	struct fx *fx = *state;
	const double wait = 0.2;
	struct flow_task *t;
	const uint64_t *starts;

	/* Fails twice, then succeeds: the counter lives in a file. */
	t = add_bash(fx, "flaky", "n=$(cat %s/n 2>/dev/null || echo 0); "
	    "echo $((n + 1)) > %s/n; [ $n -ge 2 ] && echo ok", fx->dir,
	    fx->dir);
	set_retry(t, "5 times", "wait_fixed", &wait, 1);
	assert_int_equal(run(fx, 1, NULL), 0);
	assert_int_equal(sched_task_state(fx->s, 0), SCHED_SUCCEEDED);
	assert_int_equal(sched_task_attempts(fx->s, 0), 3);
	assert_string_equal(result_str(sched_task_result(fx->s, 0), "stdout"),
	    "ok");
	starts = sched_task_starts(fx->s, 0);
	for (int i = 1; i < 3; i++) {
		assert_true(starts[i] - starts[i - 1] >= 200);
		assert_true(starts[i] - starts[i - 1] < 600);
	}
}

static void
test_retry_stop_after_times(void **state)
{
	struct fx *fx = *state;
	const double wait = 0.05;
	struct flow_task *t;

	t = add_bash(fx, "never", "exit 1");
	set_retry(t, "3 times", "wait_fixed", &wait, 1);
	assert_int_equal(run(fx, 1, NULL), 1);
	assert_int_equal(sched_task_state(fx->s, 0), SCHED_FAILED);
	assert_int_equal(sched_task_attempts(fx->s, 0), 3);
	assert_string_equal(sched_task_error(fx->s, 0),
	    "command exited with status 1");
}

static void
test_retry_stop_after_seconds(void **state)
{
	struct fx *fx = *state;
	const double wait = 0.3;
	struct flow_task *t;

	/* Attempts at 0, 0.3 and 0.6 s; after the third, 0.5 s passed. */
	t = add_bash(fx, "never", "exit 1");
	set_retry(t, "0.5 seconds", "wait_fixed", &wait, 1);
	assert_int_equal(run(fx, 1, NULL), 1);
	assert_int_equal(sched_task_attempts(fx->s, 0), 3);
}

static void
test_retry_exponential_waits(void **state)
{
	struct fx *fx = *state;
	const double args[] = { 0.1, 0, 10 };
	struct flow_task *t;
	const uint64_t *starts;

	t = add_bash(fx, "never", "exit 1");
	set_retry(t, "4 times", "wait_exponential", args, 3);
	assert_int_equal(run(fx, 1, NULL), 1);
	assert_int_equal(sched_task_attempts(fx->s, 0), 4);
	starts = sched_task_starts(fx->s, 0);
	/* 0.1, 0.2, 0.4 s: each wait at least its length, not twice it. */
	for (int i = 1; i < 4; i++) {
		uint64_t want = 100u << (i - 1);

		assert_true(starts[i] - starts[i - 1] >= want);
		assert_true(starts[i] - starts[i - 1] < want + 150);
	}
}

static void
test_timeout_kills_group(void **state)
{
	struct fx *fx = *state;
	char *child = child_path();
	struct flow_task *t;
	pid_t bg, fg;
	char *p1 = xasprintf("%s/p1", fx->dir), *p2 = xasprintf("%s/p2",
	    fx->dir);

	/* Two processes in the task's group, both ignoring SIGTERM. */
	t = add_bash(fx, "stuck", "%s --ignore-term --pidfile %s --sleep 10 & "
	    "exec %s --ignore-term --pidfile %s --sleep 10", child, p1, child,
	    p2);
	t->timeout = 0.3;
	assert_int_equal(run(fx, 1, NULL), 1);
	assert_int_equal(sched_task_state(fx->s, 0), SCHED_FAILED);
	assert_string_equal(sched_task_error(fx->s, 0),
	    "timed out after 0.3 s");
	/* SIGTERM at 0.3 s was ignored; SIGKILL came 0.3 s later. */
	assert_true(fx->st.elapsed_ms >= 600);
	/* Well before the 10 s the stuck children would sleep. */
	assert_true(fx->st.elapsed_ms < 5000);
	bg = read_pid(p1);
	fg = read_pid(p2);
	assert_true(bg > 0 && fg > 0);
	assert_true(process_gone(fg));	/* our child: reaped already */
	assert_true(gone_soon(bg));
	assert_no_children();
	free(p1);
	free(p2);
	free(child);
}

/* Timer callback: send a signal to this process. */
static void
send_signal(struct loop *loop, void *arg)
{
	(void)loop;
	kill(getpid(), *(int *)arg);
}

static void
test_sigint_stops_everything(void **state)
{
	struct fx *fx = *state;
	char *child = child_path();
	pid_t pids[3];
	char *pf[3];
	struct flow_task *t;
	int sig = SIGINT;

	for (int i = 0; i < 3; i++) {
		char name[4] = { 't', (char)('0' + i), '\0', '\0' };

		pf[i] = xasprintf("%s/p%d", fx->dir, i);
		add_bash(fx, name, "exec %s --pidfile %s --sleep 10", child,
		    pf[i]);
	}
	t = add_bash(fx, "after", "true");
	dep(fx, t, 0);
	loop_timer_add(fx->loop, loop_now_ms() + 300, send_signal, &sig);
	assert_int_equal(run(fx, 4, NULL), 130);
	for (int i = 0; i < 4; i++)
		assert_int_equal(sched_task_state(fx->s, (size_t)i),
		    SCHED_CANCELED);
	assert_int_equal(fx->st.canceled, 4);
	assert_int_equal(fx->st.signo, SIGINT);
	assert_true(fx->st.elapsed_ms < 1500);
	for (int i = 0; i < 3; i++) {
		pids[i] = read_pid(pf[i]);
		assert_true(pids[i] > 0);
		assert_true(process_gone(pids[i]));
		free(pf[i]);
	}
	assert_no_children();
	free(child);
}

static void
test_sigterm_cancels_retry_wait(void **state)
{
	struct fx *fx = *state;
	const double wait = 5;
	struct flow_task *t;
	int sig = SIGTERM;

	/* The task waits 5 s for its retry when SIGTERM comes. */
	t = add_bash(fx, "never", "exit 1");
	set_retry(t, "3 times", "wait_fixed", &wait, 1);
	loop_timer_add(fx->loop, loop_now_ms() + 200, send_signal, &sig);
	assert_int_equal(run(fx, 1, NULL), 143);
	assert_int_equal(sched_task_state(fx->s, 0), SCHED_CANCELED);
	assert_int_equal(sched_task_attempts(fx->s, 0), 1);
	assert_true(fx->st.elapsed_ms < 1000);
}

/* Condition thunks: the answer is *arg; -1 sets a message. */
static int
cond_answer(void *arg, char **err)
{
	int v = *(int *)arg;

	if (v == -1)
		*err = xstrdup("condition is not a bool");
	return v;
}

static void
test_conditions(void **state)
{
	struct fx *fx = *state;
	static int yes = 1, no = 0, bad = -1;
	struct flow_cond c;
	struct flow_task *a, *b, *d;

	memset(&c, 0, sizeof(c));
	c.fn = cond_answer;
	a = add_bash(fx, "a", "echo a");
	c.arg = &yes;
	flow_add_cond(&fx->f, a, &c);
	b = add_bash(fx, "b", "echo b");
	c.arg = &no;
	flow_add_cond(&fx->f, b, &c);
	add_bash(fx, "c", "echo c");
	dep(fx, fx->f.tasks[2], 1);		/* c needs the canceled b */
	d = add_bash(fx, "d", "echo d");
	c.arg = &bad;
	flow_add_cond(&fx->f, d, &c);
	assert_int_equal(run(fx, 1, NULL), 1);
	assert_int_equal(sched_task_state(fx->s, 0), SCHED_SUCCEEDED);
	assert_int_equal(sched_task_state(fx->s, 1), SCHED_CANCELED);
	assert_int_equal(sched_task_state(fx->s, 2), SCHED_CANCELED);
	assert_int_equal(sched_task_state(fx->s, 3), SCHED_FAILED);
	assert_string_equal(sched_task_error(fx->s, 3),
	    "condition is not a bool");
	assert_int_equal(sched_task_attempts(fx->s, 1), 0);
	assert_string_equal(fx->outbuf, "a\n");
}

/* Evaluator hook: b's command echoes a's stdout twice. */
static const struct value *
eval_from_results(struct sched *s, const struct flow_task *t,
    struct arena *a, char **err, void *arg)
{
	const struct value *res = sched_task_result(s, 0);
	struct val_member m;
	char *cmd;
	size_t dup;

	(void)arg;
	if (strcmp(t->name, "bad") == 0) {
		*err = xstrdup("unknown variable 'var.nope'");
		return NULL;
	}
	assert_non_null(res);
	cmd = xasprintf("echo %s%s", result_str(res, "stdout"),
	    result_str(res, "stdout"));
	m.key = "command";
	m.keylen = 7;
	m.val = val_cstring(a, cmd);
	free(cmd);
	return val_object(a, &m, 1, &dup);
}

static void
test_eval_hook(void **state)
{
	struct fx *fx = *state;
	struct sched_opts o = SCHED_OPTS_INIT;
	struct flow_task *b, *bad;

	add_bash(fx, "a", "echo ab");
	b = flow_add_task(&fx->f, "bash_run", "b");
	b->type = task_lookup("bash_run");
	dep(fx, b, 0);
	bad = flow_add_task(&fx->f, "bash_run", "bad");
	bad->type = task_lookup("bash_run");
	o.eval_args = eval_from_results;
	assert_int_equal(run(fx, 2, &o), 1);
	assert_string_equal(result_str(sched_task_result(fx->s, 1), "stdout"),
	    "abab");
	assert_int_equal(sched_task_state(fx->s, 2), SCHED_FAILED);
	assert_string_equal(sched_task_error(fx->s, 2),
	    "unknown variable 'var.nope'");
}

static void
test_bad_arguments_fail_at_start(void **state)
{
	struct fx *fx = *state;
	struct flow_task *t = flow_add_task(&fx->f, "bash_run", "x");
	struct val_member m[2];
	size_t dup;

	t->type = task_lookup("bash_run");
	m[0] = (struct val_member){ "comand", 6,
		val_cstring(&fx->values, "true") };
	m[1] = (struct val_member){ "env", 3, val_int(&fx->values, 1) };
	t->args = val_object(&fx->values, m, 2, &dup);
	assert_int_equal(run(fx, 1, NULL), 1);
	assert_string_equal(sched_task_error(fx->s, 0),
	    "unknown argument 'comand' for task type 'bash_run' "
	    "(did you mean 'command'?)\n"
	    "argument 'env' must be an object, not a number\n"
	    "missing required argument 'command' for task type 'bash_run'");
}

/* Run fn with stderr sent to a file; return what was written. */
static char *
capture_stderr(struct fx *fx, unsigned jobs, const struct sched_opts *o)
{
	char *path = xasprintf("%s/stderr", fx->dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	int saved = dup(2);
	char *text = xcalloc(1, 65536);
	ssize_t n;

	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	run(fx, jobs, o);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, text, 65535, 0);
	assert_true(n >= 0);
	close(fd);
	free(path);
	return text;
}

static void
test_log_lines(void **state)
{
	struct fx *fx = *state;
	struct flow_task *t;
	char *text;

	add_bash(fx, "bad", "echo first >&2; echo second >&2; exit 2");
	t = add_bash(fx, "next", "true");
	dep(fx, t, 0);
	text = capture_stderr(fx, 1, NULL);
	assert_int_equal(fx->rc, 1);
	assert_non_null(strstr(text, "] Task \"bad\" is started.\n"));
	assert_non_null(strstr(text, "] Task \"bad\" is failed.\n"
	    "    command exited with status 2\n"
	    "    first\n"
	    "    second\n"));
	assert_non_null(strstr(text, "] Task \"next\" is canceled.\n"));
	assert_non_null(strstr(text, "] 0 succeeded, 1 failed, 1 canceled in "));
	assert_int_equal(text[0], '[');
	assert_int_equal(text[24], ']');	/* [YYYY-MM-DD HH:MM:SS,mmm] */
	assert_int_equal(text[20], ',');
	/* No status line when it is not asked for. */
	assert_null(strchr(text, '\r'));
	free(text);
}

static void
test_status_line(void **state)
{
	struct fx *fx = *state;
	struct sched_opts o = SCHED_OPTS_INIT;
	char *text, *last;

	add_bash(fx, "slow", "sleep 0.5");
	o.status = 1;
	text = capture_stderr(fx, 1, &o);
	assert_int_equal(fx->rc, 0);
	assert_non_null(strstr(text, "\r\033[K1 running: slow 0."));
	assert_non_null(strstr(text, " | 0 done, 0 failed | 0."));
	/* The last thing before the summary is the line being cleared. */
	last = strstr(text, "] Task \"slow\" is successful.");
	assert_non_null(last);
	assert_true(last - text > 30);
	assert_non_null(strstr(text, "\r\033[K[" ));
	free(text);
}

/*
 * A task type that runs a sub-flow in the same pool, as flow_run does:
 * it lends its slot while the sub-flow runs and cancels it when asked.
 */
static struct flow *sub_flow;
static struct arena *sub_values;

/* The sub-flow ended: complete the parent task. */
static void
sub_done(struct sched *sub, int status, void *arg)
{
	struct task_run *run = arg;

	(void)sub;
	sched_pool_reclaim(run->ctx->pool);
	if (status == 0)
		task_run_succeed(run, NULL);
	else
		task_run_fail(run, "sub-flow ended with %d", status);
}

static int
sub_start(struct task_run *run)
{
	struct sched_opts o = SCHED_OPTS_INIT;
	struct sched *sub;

	o.pool = run->ctx->pool;
	o.summary = false;
	o.status = 0;
	sub = sched_new(sub_flow, run->ctx, sub_values, &o);
	run->state = sub;
	sched_pool_lend(run->ctx->pool);
	sched_start(sub, sub_done, run);
	return 0;
}

static void
sub_cancel(struct task_run *run, enum task_cancel_why why)
{
	sched_cancel(run->state, why);
}

static void
sub_free(struct task_run *run)
{
	sched_free(run->state);
}

static const struct task_arg sub_args[] = { { NULL, 0, false } };
static const struct task_type sub_type = {
	.name = "subflow",
	.args = sub_args,
	.start = sub_start,
	.cancel = sub_cancel,
	.free_state = sub_free,
};

/* Build the sub-flow from n commands (freed here); names s0, s1, ... */
static void
make_sub(struct fx *fx, struct flow *f, int n, char **cmds)
{
	struct diag_list dl = DIAG_LIST_INIT;

	flow_init(f, "sub", NULL);
	for (int i = 0; i < n; i++) {
		struct flow_task *t;
		struct val_member m;
		char name[8];
		size_t dup;

		snprintf(name, sizeof(name), "s%d", i);
		t = flow_add_task(f, "bash_run", name);
		t->type = task_lookup("bash_run");
		t->display = arena_printf(&f->arena, "sub > %s", name);
		m = (struct val_member){ "command", 7,
			val_cstring(&fx->values, cmds[i]) };
		t->args = val_object(&fx->values, &m, 1, &dup);
		free(cmds[i]);
	}
	assert_int_equal(flow_build_dag(f, &dl), 0);
	sub_flow = f;
	sub_values = &fx->values;
}

/* Add the task running the sub-flow. */
static struct flow_task *
add_sub(struct fx *fx)
{
	struct flow_task *t = flow_add_task(&fx->f, "subflow", "sub");

	t->type = &sub_type;
	return t;
}

/* Highest number in a file of counts, one a line. */
static int
max_count(const char *path)
{
	FILE *fp = fopen(path, "r");
	int n, max = 0;

	assert_non_null(fp);
	while (fscanf(fp, "%d", &n) == 1)
		if (n > max)
			max = n;
	fclose(fp);
	return max;
}

static void
test_subflow_j1_no_deadlock(void **state)
{
	struct fx *fx = *state;
	struct flow sub;
	struct flow_task *after;
	char *cmds[2] = { xstrdup("echo sub"), xstrdup("echo sub") };

	make_sub(fx, &sub, 2, cmds);
	add_sub(fx);
	after = add_bash(fx, "after", "echo after");
	dep(fx, after, 0);
	assert_int_equal(run(fx, 1, NULL), 0);
	assert_int_equal(sched_task_state(fx->s, 0), SCHED_SUCCEEDED);
	assert_int_equal(sched_task_state(fx->s, 1), SCHED_SUCCEEDED);
	assert_string_equal(fx->outbuf, "sub\nsub\nafter\n");
	flow_release(&sub);
}

static void
test_subflow_shares_jobs(void **state)
{
	struct fx *fx = *state;
	struct flow sub;
	char *counts = xasprintf("%s/counts", fx->dir);
	char *cmds[3];

	/* Three counting tasks inside, two beside: five under -j 2. */
	for (int i = 0; i < 3; i++)
		cmds[i] = xasprintf("mkdir %s/run.s%d; ls -d %s/run.* | wc -l "
		    ">> %s/counts; sleep 0.3; rmdir %s/run.s%d", fx->dir, i,
		    fx->dir, fx->dir, fx->dir, i);
	make_sub(fx, &sub, 3, cmds);
	add_sub(fx);
	add_bash(fx, "b0", "mkdir %s/run.b0; ls -d %s/run.* | wc -l >> "
	    "%s/counts; sleep 0.3; rmdir %s/run.b0", fx->dir, fx->dir,
	    fx->dir, fx->dir);
	add_bash(fx, "b1", "mkdir %s/run.b1; ls -d %s/run.* | wc -l >> "
	    "%s/counts; sleep 0.3; rmdir %s/run.b1", fx->dir, fx->dir,
	    fx->dir, fx->dir);
	assert_int_equal(run(fx, 2, NULL), 0);
	assert_int_equal(max_count(counts), 2);
	/* Five tasks of 0.3 s, two at a time: three rounds. */
	assert_true(fx->st.elapsed_ms >= 900);
	free(counts);
	flow_release(&sub);
}

static void
test_subflow_canceled_by_signal(void **state)
{
	struct fx *fx = *state;
	char *child = child_path();
	int sig = SIGINT;
	struct flow sub;
	char *pf, *cmds[2];

	for (int i = 0; i < 2; i++)
		cmds[i] = xasprintf("exec %s --pidfile %s/p%d --sleep 10",
		    child, fx->dir, i);
	make_sub(fx, &sub, 2, cmds);
	add_sub(fx);
	loop_timer_add(fx->loop, loop_now_ms() + 300, send_signal, &sig);
	assert_int_equal(run(fx, 4, NULL), 130);
	assert_int_equal(sched_task_state(fx->s, 0), SCHED_CANCELED);
	assert_true(fx->st.elapsed_ms < 1500);
	for (int i = 0; i < 2; i++) {
		pf = xasprintf("%s/p%d", fx->dir, i);
		assert_true(read_pid(pf) > 0);
		assert_true(process_gone(read_pid(pf)));
		free(pf);
	}
	assert_no_children();
	flow_release(&sub);
	free(child);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_result_and_output, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_failure_cancels_dependents,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_stable_order_j1, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_jobs_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hundred_parallel, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_retry_counted_and_waited,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_stop_after_times,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_stop_after_seconds,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_exponential_waits,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_kills_group, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sigint_stops_everything,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sigterm_cancels_retry_wait,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_conditions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_eval_hook, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments_fail_at_start,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_status_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_subflow_j1_no_deadlock,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_subflow_shares_jobs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_subflow_canceled_by_signal,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
