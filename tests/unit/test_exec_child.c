/*
 * proc and spawn against tests/bin/child, which writes exact byte
 * patterns and reports its own state (see tests/bin/README.md).
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "exec/loop.h"
#include "exec/proc.h"
#include "exec/spawn.h"
#include "util/buf.h"
#include "loop_fixture.h"

/* The patterns child writes, from tests/bin/README.md. */
static const char out_line[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n";
static const char err_line[] =
    "zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA9876543210\n";

static char child_path[4096];

/* Whether the n bytes at p are the first n bytes of line's stream. */
static int
is_pattern(const char *p, size_t n, const char *line)
{
	size_t i, period = strlen(line);

	for (i = 0; i < n; i++)
		if (p[i] != line[i % period])
			return 0;
	return 1;
}

struct run {
	int done_calls;
	struct proc_result res;
	uint64_t done_at;
	size_t chunk_bytes[3];
	int terminate_on_chunk;
	uint64_t grace;
};

/* Count chunk bytes; maybe start the termination. */
static void
on_chunk(struct proc *p, enum proc_stream stream, const char *data,
    size_t len, void *arg)
{
	struct run *r = arg;

	(void)data;
	r->chunk_bytes[stream] += len;
	if (r->terminate_on_chunk) {
		r->terminate_on_chunk = 0;
		assert_int_equal(proc_terminate(p, SIGTERM, r->grace), 0);
	}
}

/* Record the result. */
static void
on_done(struct proc *p, const struct proc_result *res, void *arg)
{
	struct run *r = arg;

	(void)p;
	r->done_calls++;
	r->res = *res;
	r->done_at = loop_now_ms();
}

/*
 * Run child with the given arguments (NULL-terminated) to completion on
 * a fresh loop, with the options in o (argv, path and callbacks are set
 * here).  Returns the finished proc; the caller frees it and the loop.
 */
static struct proc *
run_child(struct loop *loop, struct proc_opts *o, struct run *r,
    const char *const *args)
{
	const char *argv[32];
	struct proc *p;
	size_t n;

	argv[0] = "child";
	for (n = 0; args[n] != NULL; n++) {
		assert_true(n + 2 < sizeof argv / sizeof argv[0]);
		argv[n + 1] = args[n];
	}
	argv[n + 1] = NULL;
	memset(r, 0, sizeof *r);
	o->spawn.argv = (char *const *)argv;
	o->spawn.path = child_path;
	o->on_chunk = on_chunk;
	o->on_done = on_done;
	o->arg = r;
	p = proc_new(loop, o);
	assert_non_null(p);
	return p;
}

/* Start, then run the loop to the end. */
static struct proc *
run_child_all(struct loop *loop, struct proc_opts *o, struct run *r,
    const char *const *args)
{
	struct proc *p;

	p = run_child(loop, o, r, args);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r->done_calls, 1);
	return p;
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void
test_child_large_interleaved(void **state)
{
	static const char *const chunks[] = { "1000", "65536", "1048576" };
	enum { SIZE = 8 << 20 };
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	struct proc *p;
	size_t i;

	(void)state;
	loop = test_loop_new();
	for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		memset(&o, 0, sizeof o);
		o.out_max = SIZE;
		o.err_max = SIZE;
		o.combined = 1;
		p = run_child_all(loop, &o, &r, ARGS("--stdout", "8388608",
		    "--stderr", "8388608", "--chunk", chunks[i]));
		assert_int_equal(r.res.error, 0);
		assert_int_equal(r.res.status.code, 0);
		assert_int_equal(proc_stdout(p)->len, SIZE);
		assert_int_equal(proc_stderr(p)->len, SIZE);
		assert_true(is_pattern(proc_stdout(p)->data, SIZE, out_line));
		assert_true(is_pattern(proc_stderr(p)->data, SIZE, err_line));
		assert_int_equal(r.chunk_bytes[PROC_STDOUT], SIZE);
		assert_int_equal(r.chunk_bytes[PROC_STDERR], SIZE);
		assert_int_equal(proc_combined(p)->len, 2 * SIZE);
		proc_free(p);
	}
	test_loop_free(loop);
	assert_no_children();
}

static void
test_child_cap(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	struct proc *p;

	(void)state;
	loop = test_loop_new();
	memset(&o, 0, sizeof o);
	o.err_max = 65536;
	p = run_child_all(loop, &o, &r, ARGS("--stdout", "10", "--stderr",
	    "1000000", "--sleep", "30"));
	assert_int_equal(r.res.error, EFBIG);
	assert_int_equal(r.res.over, PROC_STDERR);
	assert_int_equal(r.res.status.signo, SIGKILL);
	assert_int_equal(proc_stderr(p)->len, 65536);
	assert_true(is_pattern(proc_stderr(p)->data, 65536, err_line));
	proc_free(p);
	test_loop_free(loop);
	assert_no_children();
}

static void
test_child_exit_vs_signal(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	struct proc *p;

	(void)state;
	loop = test_loop_new();
	memset(&o, 0, sizeof o);
	p = run_child_all(loop, &o, &r, ARGS("--exit", "143"));
	assert_int_equal(r.res.status.code, 143);
	assert_int_equal(r.res.status.signo, 0);
	proc_free(p);
	p = run_child_all(loop, &o, &r, ARGS("--print", "x", "--signal",
	    "TERM"));
	assert_int_equal(r.res.status.code, -1);
	assert_int_equal(r.res.status.signo, SIGTERM);
	assert_string_equal(buf_str(proc_stdout(p)), "x\n");
	proc_free(p);
	p = run_child_all(loop, &o, &r, ARGS("--signal", "KILL"));
	assert_int_equal(r.res.status.signo, SIGKILL);
	proc_free(p);
	test_loop_free(loop);
	assert_no_children();
}

static void
test_child_closes_early(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	struct proc *p;
	uint64_t start;

	(void)state;
	loop = test_loop_new();
	memset(&o, 0, sizeof o);
	start = loop_now_ms();
	p = run_child_all(loop, &o, &r, ARGS("--print", "bye",
	    "--close-stdout", "--close-stderr", "--sleep", "0.3", "--exit",
	    "4"));
	assert_true(r.done_at - start >= 300);
	assert_int_equal(r.res.status.code, 4);
	assert_string_equal(buf_str(proc_stdout(p)), "bye\n");
	proc_free(p);
	test_loop_free(loop);
	assert_no_children();
}

static void
test_child_ignores_term(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	struct proc *p;
	uint64_t start;

	(void)state;
	loop = test_loop_new();
	memset(&o, 0, sizeof o);
	start = loop_now_ms();
	p = run_child(loop, &o, &r, ARGS("--ignore-term", "--print", "ready",
	    "--sleep", "30"));
	r.terminate_on_chunk = 1;
	r.grace = 400;
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.done_calls, 1);
	assert_int_equal(r.res.status.signo, SIGKILL);
	assert_true(r.done_at - start >= 400);
	assert_true(r.done_at - start < 10000);
	proc_free(p);
	test_loop_free(loop);
	assert_no_children();
}

static void
test_child_state(void **state)
{
	const char *const env[] = { "A=1", "EMPTY=", "B=x y", NULL };
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	struct proc *p;
	struct sigaction ign, old_hup;
	sigset_t usr1, oldmask;
	char want[256];
	struct buf fds = BUF_INIT;
	int fd;

	(void)state;
	loop = test_loop_new();

	/* Exact argv, any bytes. */
	memset(&o, 0, sizeof o);
	p = run_child_all(loop, &o, &r, ARGS("--argv0", "--", "a b", "",
	    "\xc3\xbc", "--x"));
	assert_int_equal(proc_stdout(p)->len, 29);
	assert_memory_equal(proc_stdout(p)->data,
	    "child\0--argv0\0--\0a b\0\0\xc3\xbc\0--x\0", 29);
	proc_free(p);

	/* Exactly the given environment, and the working directory. */
	o.spawn.envp = (char *const *)env;
	o.spawn.dir = "/";
	p = run_child_all(loop, &o, &r, ARGS("--env0", "--cwd"));
	assert_int_equal(proc_stdout(p)->len, 19);
	assert_memory_equal(proc_stdout(p)->data,
	    "A=1\0EMPTY=\0B=x y\0/\n", 19);
	proc_free(p);

	/* Own process group, our child. */
	memset(&o, 0, sizeof o);
	p = run_child_all(loop, &o, &r, ARGS("--pid"));
	snprintf(want, sizeof want, "pid=%ld\npgid=%ld\nppid=%ld\n",
	    (long)proc_pid(p), (long)proc_pid(p), (long)getpid());
	assert_string_equal(buf_str(proc_stdout(p)), want);
	proc_free(p);

	/* Mask and dispositions reset whatever the runner has. */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	assert_int_equal(sigprocmask(SIG_BLOCK, &usr1, &oldmask), 0);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	assert_int_equal(sigaction(SIGHUP, &ign, &old_hup), 0);
	p = run_child_all(loop, &o, &r, ARGS("--sigstate"));
	assert_int_equal(sigprocmask(SIG_SETMASK, &oldmask, NULL), 0);
	assert_int_equal(sigaction(SIGHUP, &old_hup, NULL), 0);
	assert_string_equal(buf_str(proc_stdout(p)), "blocked=\nignored=\n");
	proc_free(p);

	/*
	 * Only 0, 1 and 2, plus whatever this test process inherited
	 * without close-on-exec from whoever started it (not ours to close).
	 */
	assert_int_equal(buf_puts(&fds, "0 1 2"), 0);
	for (fd = 3; fd < 1024; fd++) {
		int fl = fcntl(fd, F_GETFD);

		if (fl != -1 && !(fl & FD_CLOEXEC))
			assert_int_equal(buf_printf(&fds, " %d", fd), 0);
	}
	assert_int_equal(buf_putc(&fds, '\n'), 0);
	p = run_child_all(loop, &o, &r, ARGS("--fds"));
	assert_string_equal(buf_str(proc_stdout(p)), buf_str(&fds));
	proc_free(p);
	buf_release(&fds);
	test_loop_free(loop);
	assert_no_children();
}

static void
test_child_cat(void **state)
{
	enum { SIZE = 3 << 20 };
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	struct proc *p;
	char *in;
	size_t i;

	(void)state;
	in = malloc(SIZE);
	assert_non_null(in);
	for (i = 0; i < SIZE; i++)
		in[i] = (char)(i * 7 + i / 251);
	loop = test_loop_new();
	memset(&o, 0, sizeof o);
	o.input = in;
	o.input_len = SIZE;
	p = run_child_all(loop, &o, &r, ARGS("--cat", "--eprint", "end"));
	assert_int_equal(r.res.error, 0);
	assert_int_equal(r.res.status.code, 0);
	assert_int_equal(proc_stdout(p)->len, SIZE);
	assert_true(memcmp(proc_stdout(p)->data, in, SIZE) == 0);
	assert_string_equal(buf_str(proc_stderr(p)), "end\n");
	proc_free(p);
	test_loop_free(loop);
	free(in);
	assert_no_children();
}

/* Find the child helper: $TESTBIN/child, else tests/bin/child here. */
static int
find_child(void **state)
{
	const char *dir = getenv("TESTBIN");
	char rel[4096];

	(void)state;
	/* Absolute, as a relative path would be taken in the child's dir. */
	snprintf(rel, sizeof rel, "%s/child", dir != NULL ? dir : "tests/bin");
	if (realpath(rel, child_path) == NULL ||
	    access(child_path, X_OK) == -1) {
		fprintf(stderr, "cannot run '%s': %s; build it with "
		    "'make tests/bin/child' or set TESTBIN\n", rel,
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_child_large_interleaved, teardown_loop),
		cmocka_unit_test_teardown(test_child_cap, teardown_loop),
		cmocka_unit_test_teardown(test_child_exit_vs_signal, teardown_loop),
		cmocka_unit_test_teardown(test_child_closes_early, teardown_loop),
		cmocka_unit_test_teardown(test_child_ignores_term, teardown_loop),
		cmocka_unit_test_teardown(test_child_state, teardown_loop),
		cmocka_unit_test_teardown(test_child_cat, teardown_loop),
	};

	/* A hang (a lost wake-up, a child never killed) fails, not stalls. */
	alarm(120);
	return cmocka_run_group_tests(tests, find_child, NULL);
}
