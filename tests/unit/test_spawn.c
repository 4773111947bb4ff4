#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
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

/*
 * Whether valgrind runs us.  It turns the CLONE_VFORK of glibc's
 * posix_spawn into a plain fork, so an exec error can no longer come
 * back as posix_spawn's result (the child exits 127 instead); tests of
 * that glibc behaviour are skipped there and run under ASan instead.
 */
static int
under_valgrind(void)
{
	const char *pre = getenv("LD_PRELOAD");

	return pre != NULL && strstr(pre, "vgpreload") != NULL;
}

/* Read fd to EOF into b (blocking reads, fine for small output). */
static void
slurp(int fd, struct buf *b)
{
	char chunk[4096];
	ssize_t n;
	int fl;

	fl = fcntl(fd, F_GETFL);
	assert_int_equal(fcntl(fd, F_SETFL, fl & ~O_NONBLOCK), 0);
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		assert_true(n > 0);
		assert_int_equal(buf_append(b, chunk, (size_t)n), 0);
	}
}

/* Wait for pid and return its raw status. */
static int
wait_for(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) == -1)
		assert_int_equal(errno, EINTR);
	return st;
}

/* argv and envp as literals (-Wwrite-strings); exec does not write them. */
#define ARGV(a) ((char *const *)(a))

static const char *const sh_env[] = { "PATH=/usr/bin:/bin", "ONLY=this",
	NULL };

/* Spawn /bin/sh -c script with blocking-read helpers; stdout into out. */
static int
run_sh(const char *script, struct spawn_opts *o, struct buf *out,
    struct buf *err)
{
	const char *argv[] = { "sh", "-c", script, NULL };
	struct spawn sp;
	int st;

	o->argv = ARGV(argv);
	if (o->envp == NULL)
		o->envp = ARGV(sh_env);
	assert_int_equal(spawn_start(o, &sp), 0);
	assert_true(sp.pid > 0);
	assert_true(sp.out_fd > 2);
	assert_true(fcntl(sp.out_fd, F_GETFD) & FD_CLOEXEC);
	assert_true(fcntl(sp.out_fd, F_GETFL) & O_NONBLOCK);
	slurp(sp.out_fd, out);
	close(sp.out_fd);
	if (sp.err_fd != -1) {
		assert_true(fcntl(sp.err_fd, F_GETFD) & FD_CLOEXEC);
		slurp(sp.err_fd, err);
		close(sp.err_fd);
	}
	if (sp.in_fd != -1)
		close(sp.in_fd);
	st = wait_for(sp.pid);
	return st;
}

static void
test_spawn_missing(void **state)
{
	const char *argv[] = { "runflow-no-such-program-xyz", NULL };
	const char *argv2[] = { "sh", "-c", "exit 0", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct spawn sp;
	int fds;

	(void)state;
	if (under_valgrind())
		skip();
	fds = count_fds();
	o.argv = ARGV(argv);
	errno = 0;
	assert_int_equal(spawn_start(&o, &sp), -1);
	assert_int_equal(errno, ENOENT);

	o.path = "/nonexistent/dir/prog";
	errno = 0;
	assert_int_equal(spawn_start(&o, &sp), -1);
	assert_int_equal(errno, ENOENT);

	/* Not executable. */
	o.path = "/etc/passwd";
	errno = 0;
	assert_int_equal(spawn_start(&o, &sp), -1);
	assert_int_equal(errno, EACCES);

	/* A working directory that does not exist. */
	o.path = "/bin/sh";
	o.argv = ARGV(argv2);
	o.dir = "/nonexistent-dir-for-runflow";
	errno = 0;
	assert_int_equal(spawn_start(&o, &sp), -1);
	assert_int_equal(errno, ENOENT);

	assert_int_equal(count_fds(), fds);
	assert_no_children();
}

static void
test_spawn_env_dir_args(void **state)
{
	const char *const env[] = { "A=1", "B=two words", NULL };
	const char *argv[] = { "env", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct spawn sp;
	int st;

	(void)state;
	/* Exactly the given environment, nothing inherited. */
	o.argv = ARGV(argv);
	o.path = "/usr/bin/env";
	o.envp = ARGV(env);
	assert_int_equal(spawn_start(&o, &sp), 0);
	slurp(sp.out_fd, &out);
	slurp(sp.err_fd, &err);
	close(sp.out_fd);
	close(sp.err_fd);
	assert_int_equal(sp.in_fd, -1);
	st = wait_for(sp.pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(buf_str(&out), "A=1\nB=two words\n");
	assert_string_equal(buf_str(&err), "");
	buf_reset(&out);

	/* NULL envp: an empty environment. */
	o.envp = NULL;
	assert_int_equal(spawn_start(&o, &sp), 0);
	slurp(sp.out_fd, &out);
	close(sp.out_fd);
	close(sp.err_fd);
	wait_for(sp.pid);
	assert_string_equal(buf_str(&out), "");

	/* Working directory, arguments, stderr apart, exit code. */
	o = (struct spawn_opts)SPAWN_OPTS_INIT;
	o.dir = "/tmp";
	st = run_sh("echo \"$ONLY|$0|$HOME\"; pwd; echo oops >&2; exit 3",
	    &o, &out, &err);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 3);
	assert_string_equal(buf_str(&out), "this|sh|\n/tmp\n");
	assert_string_equal(buf_str(&err), "oops\n");
	buf_release(&out);
	buf_release(&err);
	assert_no_children();
}

static void
test_spawn_pgroup_sigs_stdin(void **state)
{
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct sigaction ign, old_hup;
	sigset_t usr1, oldmask;
	char expect[256], *end;
	unsigned long long ignored;
	pid_t pid;
	int st;

	(void)state;
	/* Block SIGUSR1 and ignore SIGHUP here; the child must see neither. */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	assert_int_equal(sigprocmask(SIG_BLOCK, &usr1, &oldmask), 0);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	assert_int_equal(sigaction(SIGHUP, &ign, &old_hup), 0);

	st = run_sh("read x; echo \"read=$?\"; "
		    "cut -d' ' -f5 /proc/$$/stat; echo $$; "
		    "exec grep -E '^(SigBlk|SigIgn)' /proc/self/status",
	    &o, &out, &err);

	assert_int_equal(sigprocmask(SIG_SETMASK, &oldmask, NULL), 0);
	assert_int_equal(sigaction(SIGHUP, &old_hup, NULL), 0);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	/* stdin is /dev/null: read fails at EOF; pgid == pid. */
	pid = (pid_t)atol(strchr(buf_str(&out), '\n') + 1);
	assert_true(pid > 0);
	snprintf(expect, sizeof expect,
	    "read=1\n%ld\n%ld\nSigBlk:\t0000000000000000\nSigIgn:\t",
	    (long)pid, (long)pid);
	assert_int_equal(strncmp(buf_str(&out), expect, strlen(expect)), 0);
	/*
	 * glibc's posix_spawn leaves its two internal signals (32 and 33,
	 * below SIGRTMIN) ignored, and SETSIGDEF cannot name them; every
	 * signal an application can use must be at its default.
	 */
	ignored = strtoull(buf_str(&out) + strlen(expect), &end, 16);
	assert_string_equal(end, "\n");
	assert_int_equal(ignored & ~(3ULL << 31), 0);
	assert_string_equal(buf_str(&err), "");
	buf_release(&out);
	buf_release(&err);
}

static void
test_spawn_stdin_fd_and_merge(void **state)
{
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct buf out = BUF_INIT, err = BUF_INIT;
	int p[2], st;

	(void)state;
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(write(p[1], "from fd\n", 8), 8);
	close(p[1]);
	o.in = SPAWN_STDIN_FD;
	o.stdin_fd = p[0];
	o.merge_stderr = 1;
	st = run_sh("cat; echo err >&2; echo out", &o, &out, &err);
	close(p[0]);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(buf_str(&out), "from fd\nerr\nout\n");
	assert_int_equal(err.len, 0);
	buf_release(&out);
	buf_release(&err);
}

/* Siblings never inherit each other's pipe ends. */
static void
test_spawn_no_fd_inheritance(void **state)
{
	const char *argv1[] = { "sleep", "5", NULL };
	const char *argv2[] = { "sh", "-c", "exec ls /proc/self/fd", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct buf out = BUF_INIT;
	struct spawn a, b;
	char name[32], *line, *save;
	int seen012 = 0, dummy[8], i;

	(void)state;
	/*
	 * Keep the low fds busy while a is spawned and free them for b, so
	 * ls's own directory fd in b can never look like one of a's pipes.
	 */
	for (i = 0; i < 8; i++) {
		dummy[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		assert_true(dummy[i] > 2);
	}
	o.envp = ARGV(sh_env);
	o.argv = ARGV(argv1);
	o.in = SPAWN_STDIN_PIPE;
	assert_int_equal(spawn_start(&o, &a), 0);
	assert_true(a.in_fd > 2);
	for (i = 0; i < 8; i++)
		close(dummy[i]);
	o.in = SPAWN_STDIN_NULL;
	o.argv = ARGV(argv2);
	assert_int_equal(spawn_start(&o, &b), 0);
	slurp(b.out_fd, &out);
	close(b.out_fd);
	close(b.err_fd);
	wait_for(b.pid);

	for (line = strtok_r(out.data, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strcmp(line, "0") == 0 || strcmp(line, "1") == 0 ||
		    strcmp(line, "2") == 0)
			seen012++;
		snprintf(name, sizeof name, "%d", a.out_fd);
		assert_string_not_equal(line, name);
		snprintf(name, sizeof name, "%d", a.err_fd);
		assert_string_not_equal(line, name);
		snprintf(name, sizeof name, "%d", a.in_fd);
		assert_string_not_equal(line, name);
	}
	assert_int_equal(seen012, 3);
	kill(-a.pid, SIGKILL);
	wait_for(a.pid);
	close(a.out_fd);
	close(a.err_fd);
	close(a.in_fd);
	buf_release(&out);
	assert_no_children();
}

/* ---- proc ---- */

struct run {
	int done_calls;
	struct proc_result res;
	uint64_t done_at;
	size_t chunk_bytes[3];
	int chunks;
	int free_in_done;	/* proc_free() inside on_done */
	int free_in_chunk;	/* proc_free() inside the first on_chunk */
	int terminate_on_chunk;	/* proc_terminate(SIGTERM) on the first one */
	uint64_t grace;
	struct proc *p;
	int stop_when_done;
};

/* Count chunk bytes per stream. */
static void
on_chunk(struct proc *p, enum proc_stream stream, const char *data,
    size_t len, void *arg)
{
	struct run *r = arg;

	(void)data;
	assert_true(stream == PROC_STDOUT || stream == PROC_STDERR);
	assert_true(len > 0);
	r->chunk_bytes[stream] += len;
	r->chunks++;
	if (r->free_in_chunk) {
		r->free_in_chunk = 0;
		proc_free(p);
		r->p = NULL;
		return;
	}
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

	r->done_calls++;
	r->res = *res;
	r->done_at = loop_now_ms();
	assert_true(proc_done(p));
	assert_ptr_equal(proc_result(p), res);
	if (r->free_in_done) {
		proc_free(p);
		r->p = NULL;
	}
}

/* Fill o for /bin/sh -c script with the test callbacks. */
static void
sh_opts(struct proc_opts *o, const char **argv, const char *script,
    struct run *r)
{
	memset(o, 0, sizeof *o);
	memset(r, 0, sizeof *r);
	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = script;
	argv[3] = NULL;
	o->spawn.argv = ARGV(argv);
	o->spawn.envp = ARGV(sh_env);
	o->spawn.stdin_fd = -1;
	o->on_chunk = on_chunk;
	o->on_done = on_done;
	o->arg = r;
}

static void
test_proc_basic(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	const char *argv[4];
	int fds;

	(void)state;
	fds = count_fds();
	loop = test_loop_new();
	sh_opts(&o, argv, "printf 'out\\0put'; printf err >&2; exit 3", &r);
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_false(proc_done(r.p));
	assert_null(proc_combined(r.p));
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.done_calls, 1);
	assert_int_equal(r.res.status.code, 3);
	assert_int_equal(r.res.status.signo, 0);
	assert_int_equal(r.res.error, 0);
	assert_int_equal(proc_stdout(r.p)->len, 7);
	assert_memory_equal(proc_stdout(r.p)->data, "out\0put", 7);
	assert_string_equal(buf_str(proc_stderr(r.p)), "err");
	assert_int_equal(r.chunk_bytes[PROC_STDOUT], 7);
	assert_int_equal(r.chunk_bytes[PROC_STDERR], 3);
	proc_free(r.p);
	test_loop_free(loop);
	assert_int_equal(count_fds(), fds);
	assert_no_children();
}

static void
test_proc_missing(void **state)
{
	const char *argv[] = { "runflow-no-such-program-xyz", "a", NULL };
	struct proc_opts o;
	struct loop *loop;
	int fds;

	(void)state;
	if (under_valgrind())
		skip();
	memset(&o, 0, sizeof o);
	o.spawn.argv = ARGV(argv);
	fds = count_fds();
	loop = test_loop_new();
	errno = 0;
	assert_null(proc_new(loop, &o));
	assert_int_equal(errno, ENOENT);
	/* Nothing to wait for: returns at once. */
	assert_int_equal(loop_run(loop), 0);
	test_loop_free(loop);
	assert_int_equal(count_fds(), fds);
	assert_no_children();
}

static void
test_proc_exit_vs_signal(void **state)
{
	static const char *scripts[] = { "exit 137", "kill -KILL $$",
		"kill -TERM $$", "exit 0" };
	static const int codes[] = { 137, -1, -1, 0 };
	static const int signos[] = { 0, SIGKILL, SIGTERM, 0 };
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	const char *argv[4];
	size_t i;

	(void)state;
	loop = test_loop_new();
	for (i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
		sh_opts(&o, argv, scripts[i], &r);
		r.p = proc_new(loop, &o);
		assert_non_null(r.p);
		assert_int_equal(loop_run(loop), 0);
		assert_int_equal(r.done_calls, 1);
		assert_int_equal(r.res.status.code, codes[i]);
		assert_int_equal(r.res.status.signo, signos[i]);
		assert_int_equal(r.res.error, 0);
		proc_free(r.p);
	}
	test_loop_free(loop);
	assert_no_children();
}

/* Whether pid is gone or a zombie, waiting up to a second to settle. */
static int
pid_dead(pid_t pid)
{
	char path[64], stat[512], *p;
	int i, fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	for (i = 0; i < 100; i++) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd == -1)
			return 1;
		n = read(fd, stat, sizeof stat - 1);
		close(fd);
		if (n <= 0)
			return 1;
		stat[n] = '\0';
		/* "pid (comm) S ...": the state follows the last ')'. */
		p = strrchr(stat, ')');
		if (p != NULL && (p[2] == 'Z' || p[2] == 'X'))
			return 1;
		usleep(10000);
	}
	return 0;
}

/* Write n bytes of a pattern seeded by seed to path; returns the bytes. */
static char *
write_pattern(const char *path, size_t n, unsigned int seed)
{
	char *data;
	size_t i;
	FILE *f;

	data = malloc(n);
	assert_non_null(data);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		data[i] = (char)(seed >> 16);
	}
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return data;
}

static void
test_proc_large_interleaved(void **state)
{
	enum { SIZE = 8 << 20 };
	char dir[] = "/tmp/runflow-test-XXXXXX", a[64], b[64], script[256];
	char *da, *db;
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	const char *argv[4];
	struct buf *all;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof a, "%s/a", dir);
	snprintf(b, sizeof b, "%s/b", dir);
	da = write_pattern(a, SIZE, 1);
	db = write_pattern(b, SIZE, 2);
	/* Both streams written at once by two processes of the group. */
	snprintf(script, sizeof script,
	    "cat %s & cat %s >&2 & wait; exit 5", a, b);

	loop = test_loop_new();
	sh_opts(&o, argv, script, &r);
	o.out_max = SIZE;	/* exactly enough */
	o.err_max = SIZE;
	o.combined = 1;
	o.combined_max = 2 * SIZE;
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.done_calls, 1);
	assert_int_equal(r.res.error, 0);
	assert_int_equal(r.res.status.code, 5);
	assert_int_equal(proc_stdout(r.p)->len, SIZE);
	assert_int_equal(proc_stderr(r.p)->len, SIZE);
	assert_true(memcmp(proc_stdout(r.p)->data, da, SIZE) == 0);
	assert_true(memcmp(proc_stderr(r.p)->data, db, SIZE) == 0);
	assert_int_equal(r.chunk_bytes[PROC_STDOUT], SIZE);
	assert_int_equal(r.chunk_bytes[PROC_STDERR], SIZE);
	all = proc_combined(r.p);
	assert_non_null(all);
	assert_int_equal(all->len, 2 * SIZE);
	proc_free(r.p);
	test_loop_free(loop);
	unlink(a);
	unlink(b);
	rmdir(dir);
	free(da);
	free(db);
	assert_no_children();
}

static void
test_proc_cap(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	const char *argv[4];
	char pidfile[] = "/tmp/runflow-test-pid-XXXXXX", script[256];
	uint64_t start;
	long grand;
	FILE *f;
	int fds, fd;

	(void)state;
	fds = count_fds();
	loop = test_loop_new();
	/*
	 * A grandchild that would outlive the shell if the group survived;
	 * its pid goes to a file before any output.
	 */
	assert_true((fd = mkstemp(pidfile)) != -1);
	close(fd);
	snprintf(script, sizeof script,
	    "sleep 30 & echo $! >%s; head -c 100000 /dev/zero; wait", pidfile);
	sh_opts(&o, argv, script, &r);
	o.out_max = 4096;
	start = loop_now_ms();
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.done_calls, 1);
	assert_int_equal(r.res.error, EFBIG);
	assert_int_equal(r.res.over, PROC_STDOUT);
	assert_int_equal(r.res.status.code, -1);
	assert_int_equal(r.res.status.signo, SIGKILL);
	/* The first cap bytes are kept; nothing past them. */
	assert_int_equal(proc_stdout(r.p)->len, 4096);
	assert_int_equal(r.chunk_bytes[PROC_STDOUT], 4096);
	assert_true(loop_now_ms() - start < 10000);
	/*
	 * The whole group is gone, the sleeping grandchild too (it may
	 * linger as a zombie until whoever adopted it reaps it).
	 */
	f = fopen(pidfile, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld", &grand), 1);
	fclose(f);
	unlink(pidfile);
	assert_true(grand > 0);
	assert_true(pid_dead((pid_t)grand));
	proc_free(r.p);
	test_loop_free(loop);
	assert_int_equal(count_fds(), fds);
	assert_no_children();
}

static void
test_proc_combined_cap(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	const char *argv[4];

	(void)state;
	loop = test_loop_new();
	sh_opts(&o, argv, "echo 12345; echo 67890 >&2; sleep 30", &r);
	o.combined = 1;
	o.combined_max = 8;
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.res.error, EFBIG);
	assert_int_equal(r.res.status.signo, SIGKILL);
	assert_int_equal(proc_combined(r.p)->len, 8);
	proc_free(r.p);
	test_loop_free(loop);
	assert_no_children();
}

static void
test_proc_closed_stdout_still_running(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	const char *argv[4];
	uint64_t start;

	(void)state;
	loop = test_loop_new();
	sh_opts(&o, argv, "echo early; exec >&- 2>&-; sleep 0.3; exit 4", &r);
	start = loop_now_ms();
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.done_calls, 1);
	assert_true(r.done_at - start >= 250);
	assert_int_equal(r.res.status.code, 4);
	assert_string_equal(buf_str(proc_stdout(r.p)), "early\n");
	proc_free(r.p);

	/* The other order: reaped first, EOF later from a grandchild. */
	sh_opts(&o, argv, "(sleep 0.3; echo late) & exit 6", &r);
	start = loop_now_ms();
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.done_calls, 1);
	assert_true(r.done_at - start >= 250);
	assert_int_equal(r.res.status.code, 6);
	assert_string_equal(buf_str(proc_stdout(r.p)), "late\n");
	proc_free(r.p);
	test_loop_free(loop);
	/* The grandchild was reparented; only our own must be gone. */
	assert_no_children();
}

static void
test_proc_terminate_escalates(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	const char *argv[4];
	uint64_t start;

	(void)state;
	loop = test_loop_new();
	/* Ignores SIGTERM (and its sleeps inherit that). */
	sh_opts(&o, argv,
	    "trap '' TERM; echo ready; while :; do sleep 0.05; done", &r);
	r.terminate_on_chunk = 1;
	r.grace = 300;
	start = loop_now_ms();
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.done_calls, 1);
	assert_int_equal(r.res.status.signo, SIGKILL);
	assert_int_equal(r.res.error, 0);
	assert_true(r.done_at - start >= 300);
	assert_true(r.done_at - start < 5000);
	proc_free(r.p);

	/* A child that obeys: SIGTERM, and the SIGKILL timer is cancelled
	   (else the loop would wait out the 20 s grace). */
	sh_opts(&o, argv, "echo ready; exec sleep 30", &r);
	r.terminate_on_chunk = 1;
	r.grace = 20000;
	start = loop_now_ms();
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.res.status.signo, SIGTERM);
	assert_true(loop_now_ms() - start < 5000);
	/* Done: kill and terminate do nothing now. */
	assert_int_equal(proc_kill(r.p, SIGKILL), 0);
	assert_int_equal(proc_terminate(r.p, SIGTERM, 10), 0);
	assert_int_equal(loop_run(loop), 0);
	proc_free(r.p);
	test_loop_free(loop);
	assert_no_children();
}

static void
test_proc_input(void **state)
{
	enum { SIZE = 1 << 20 };
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	const char *argv[4];
	char *in;
	size_t i;

	(void)state;
	in = malloc(SIZE);
	assert_non_null(in);
	for (i = 0; i < SIZE; i++)
		in[i] = (char)('a' + i % 26);
	loop = test_loop_new();
	sh_opts(&o, argv, "cat", &r);
	o.input = in;
	o.input_len = SIZE;
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.res.status.code, 0);
	assert_int_equal(r.res.error, 0);
	assert_int_equal(proc_stdout(r.p)->len, SIZE);
	assert_true(memcmp(proc_stdout(r.p)->data, in, SIZE) == 0);
	proc_free(r.p);

	/* A reader that stops early: EPIPE is no error of ours. */
	sh_opts(&o, argv, "head -c 10", &r);
	o.input = in;
	o.input_len = SIZE;
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.res.status.code, 0);
	assert_int_equal(r.res.error, 0);
	assert_string_equal(buf_str(proc_stdout(r.p)), "abcdefghij");
	proc_free(r.p);

	/* Empty input: stdin is at EOF at once. */
	sh_opts(&o, argv, "wc -c", &r);
	o.input = "";
	o.input_len = 0;
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_string_equal(buf_str(proc_stdout(r.p)), "0\n");
	proc_free(r.p);
	test_loop_free(loop);
	free(in);
	assert_no_children();
}

static void
test_proc_merge_stderr(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	const char *argv[4];

	(void)state;
	loop = test_loop_new();
	sh_opts(&o, argv, "echo a; echo b >&2; echo c", &r);
	o.spawn.merge_stderr = 1;
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_string_equal(buf_str(proc_stdout(r.p)), "a\nb\nc\n");
	assert_int_equal(proc_stderr(r.p)->len, 0);
	proc_free(r.p);
	test_loop_free(loop);
	assert_no_children();
}

static void
test_proc_many(void **state)
{
	enum { N = 200 };
	struct proc_opts o;
	struct run *r;
	struct loop *loop;
	const char *argv[N][4];
	char want[32];
	int i, fds;

	(void)state;
	r = calloc(N, sizeof *r);
	assert_non_null(r);
	fds = count_fds();
	loop = test_loop_new();
	for (i = 0; i < N; i++) {
		sh_opts(&o, argv[i], "echo $$; echo x >&2; exit $(($$ % 7))",
		    &r[i]);
		r[i].p = proc_new(loop, &o);
		assert_non_null(r[i].p);
	}
	assert_int_equal(loop_run(loop), 0);
	for (i = 0; i < N; i++) {
		assert_int_equal(r[i].done_calls, 1);
		snprintf(want, sizeof want, "%ld\n", (long)proc_pid(r[i].p));
		assert_string_equal(buf_str(proc_stdout(r[i].p)), want);
		assert_string_equal(buf_str(proc_stderr(r[i].p)), "x\n");
		assert_int_equal(r[i].res.status.code, proc_pid(r[i].p) % 7);
		proc_free(r[i].p);
	}
	test_loop_free(loop);
	assert_int_equal(count_fds(), fds);
	assert_no_children();
	free(r);
}

static void
test_proc_free_in_callbacks(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	const char *argv[4];
	uint64_t start;
	int fds;

	(void)state;
	fds = count_fds();
	loop = test_loop_new();
	sh_opts(&o, argv, "echo x; exit 2", &r);
	r.free_in_done = 1;
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.done_calls, 1);
	assert_null(r.p);
	assert_int_equal(r.res.status.code, 2);

	/* Freed mid-stream: the group is killed and still reaped. */
	sh_opts(&o, argv, "echo x; exec sleep 30", &r);
	r.free_in_chunk = 1;
	start = loop_now_ms();
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_null(r.p);
	assert_int_equal(r.done_calls, 0);
	assert_true(loop_now_ms() - start < 5000);
	assert_no_children();

	/* Freed before the loop ever ran. */
	sh_opts(&o, argv, "exec sleep 30", &r);
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	proc_free(r.p);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.done_calls, 0);
	assert_no_children();
	test_loop_free(loop);
	assert_int_equal(count_fds(), fds);
}

/* The runner's SIGINT watcher stops the running child. */
static void
on_sigint_terminate(struct loop *loop, int signo, void *arg)
{
	struct run *r = arg;

	(void)loop;
	assert_int_equal(signo, SIGINT);
	r->chunks = -100;
	assert_int_equal(proc_terminate(r->p, SIGTERM, 5000), 0);
}

/* Send SIGINT to this process. */
static void
on_raise_sigint(struct loop *loop, void *arg)
{
	(void)loop;
	(void)arg;
	assert_int_equal(kill(getpid(), SIGINT), 0);
}

static void
test_proc_sigint_cancels(void **state)
{
	struct proc_opts o;
	struct run r;
	struct loop *loop;
	struct loop_signal *s;
	const char *argv[4];

	(void)state;
	loop = test_loop_new();
	sh_opts(&o, argv, "exec sleep 30", &r);
	r.p = proc_new(loop, &o);
	assert_non_null(r.p);
	s = loop_signal_add(loop, SIGINT, on_sigint_terminate, &r);
	loop_timer_add(loop, loop_now_ms() + 50, on_raise_sigint, NULL);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.chunks, -100);
	assert_int_equal(r.done_calls, 1);
	assert_int_equal(r.res.status.signo, SIGTERM);
	loop_signal_del(loop, s);
	proc_free(r.p);
	test_loop_free(loop);
	assert_no_children();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_spawn_missing, teardown_loop),
		cmocka_unit_test_teardown(test_spawn_env_dir_args, teardown_loop),
		cmocka_unit_test_teardown(test_spawn_pgroup_sigs_stdin, teardown_loop),
		cmocka_unit_test_teardown(test_spawn_stdin_fd_and_merge, teardown_loop),
		cmocka_unit_test_teardown(test_spawn_no_fd_inheritance, teardown_loop),
		cmocka_unit_test_teardown(test_proc_basic, teardown_loop),
		cmocka_unit_test_teardown(test_proc_missing, teardown_loop),
		cmocka_unit_test_teardown(test_proc_exit_vs_signal, teardown_loop),
		cmocka_unit_test_teardown(test_proc_large_interleaved, teardown_loop),
		cmocka_unit_test_teardown(test_proc_cap, teardown_loop),
		cmocka_unit_test_teardown(test_proc_combined_cap, teardown_loop),
		cmocka_unit_test_teardown(test_proc_closed_stdout_still_running, teardown_loop),
		cmocka_unit_test_teardown(test_proc_terminate_escalates, teardown_loop),
		cmocka_unit_test_teardown(test_proc_input, teardown_loop),
		cmocka_unit_test_teardown(test_proc_merge_stderr, teardown_loop),
		cmocka_unit_test_teardown(test_proc_many, teardown_loop),
		cmocka_unit_test_teardown(test_proc_free_in_callbacks, teardown_loop),
		cmocka_unit_test_teardown(test_proc_sigint_cancels, teardown_loop),
	};

	/* A hang (a lost wake-up, a child never killed) fails, not stalls. */
	alarm(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
