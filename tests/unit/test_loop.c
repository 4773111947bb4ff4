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
#include "loop_fixture.h"

struct order {
	int seen[64];
	int n;
	struct loop_timer *victim;	/* cancelled by timer 99 */
};

struct tag {
	struct order *o;
	int id;
};

/* Record the tag's id. */
static void
on_tag(struct loop *loop, void *arg)
{
	struct tag *t = arg;

	(void)loop;
	t->o->seen[t->o->n++] = t->id;
	if (t->id == 99 && t->o->victim != NULL) {
		loop_timer_cancel(loop, t->o->victim);
		t->o->victim = NULL;
	}
}

static void
test_timer_order_and_cancel(void **state)
{
	struct loop *loop;
	struct order o = { { 0 }, 0, NULL };
	struct tag tags[] = { { &o, 30 }, { &o, 10 }, { &o, 20 }, { &o, 11 },
		{ &o, 5 }, { &o, 99 }, { &o, 40 } };
	struct loop_timer *t5;
	uint64_t start, now;
	int fds;

	(void)state;
	fds = count_fds();
	loop = test_loop_new();
	start = loop_now_ms();
	loop_timer_add(loop, start + 60, on_tag, &tags[0]);
	loop_timer_add(loop, start + 20, on_tag, &tags[1]);
	loop_timer_add(loop, start + 40, on_tag, &tags[2]);
	/* Same deadline as id 10: fires after it, in the order added. */
	loop_timer_add(loop, start + 20, on_tag, &tags[3]);
	t5 = loop_timer_add(loop, start + 10, on_tag, &tags[4]);
	/* 99 fires at +50 and cancels 40 (due at +70). */
	loop_timer_add(loop, start + 50, on_tag, &tags[5]);
	o.victim = loop_timer_add(loop, start + 70, on_tag, &tags[6]);
	loop_timer_cancel(loop, t5);

	assert_int_equal(loop_run(loop), 0);
	now = loop_now_ms();
	assert_int_equal(o.n, 5);
	assert_int_equal(o.seen[0], 10);
	assert_int_equal(o.seen[1], 11);
	assert_int_equal(o.seen[2], 20);
	assert_int_equal(o.seen[3], 99);
	assert_int_equal(o.seen[4], 30);
	assert_null(o.victim);
	/* The loop waited for the last timer, at +60 ms. */
	assert_true(now - start >= 60);
	assert_true(now - start < 2000);
	test_loop_free(loop);
	assert_int_equal(count_fds(), fds);
}

struct heapcheck {
	uint64_t last;
	uint64_t last_seq;
	int fired;
	int bad;
};

struct heapitem {
	struct heapcheck *hc;
	uint64_t deadline;
	uint64_t seq;
	struct loop_timer *t;
};

/* Check that deadlines come non-decreasing, ties in the order added. */
static void
on_heap(struct loop *loop, void *arg)
{
	struct heapitem *it = arg;
	struct heapcheck *hc = it->hc;

	(void)loop;
	if (hc->fired > 0 && (it->deadline < hc->last ||
	    (it->deadline == hc->last && it->seq < hc->last_seq)))
		hc->bad++;
	hc->last = it->deadline;
	hc->last_seq = it->seq;
	hc->fired++;
	it->t = NULL;
}

static void
test_timer_heap_many(void **state)
{
	enum { N = 10000 };
	struct heapcheck hc = { 0, 0, 0, 0 };
	struct heapitem *items;
	struct loop *loop;
	uint64_t base;
	unsigned int seed = 12345;
	int i, cancelled = 0;

	(void)state;
	items = calloc(N, sizeof *items);
	assert_non_null(items);
	loop = test_loop_new();
	/* All in the past, so they fire at once, purely in heap order. */
	base = loop_now_ms() - 1000;
	for (i = 0; i < N; i++) {
		items[i].hc = &hc;
		items[i].deadline = base + (uint64_t)(rand_r(&seed) % 500);
		items[i].seq = (uint64_t)i;
		items[i].t = loop_timer_add(loop, items[i].deadline, on_heap,
		    &items[i]);
	}
	for (i = 0; i < N; i += 3) {
		loop_timer_cancel(loop, items[i].t);
		items[i].t = NULL;
		cancelled++;
	}
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(hc.fired, N - cancelled);
	assert_int_equal(hc.bad, 0);
	test_loop_free(loop);
	free(items);
}

struct rearm {
	int count;
	int stop_at;
};

/* A timer that re-adds itself with a past deadline, stopping at stop_at. */
static void
on_rearm(struct loop *loop, void *arg)
{
	struct rearm *r = arg;

	r->count++;
	if (r->count == r->stop_at)
		loop_stop(loop);
	loop_timer_add(loop, 0, on_rearm, r);
}

static void
test_timer_rearm_and_stop(void **state)
{
	struct rearm r = { 0, 5 };
	struct loop *loop;

	(void)state;
	loop = test_loop_new();
	loop_timer_add(loop, 0, on_rearm, &r);
	/* Each round fires only timers that existed before it began. */
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.count, 5);
	/* The pending timer is still there; run again, stop again. */
	r.stop_at = 7;
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.count, 7);
	test_loop_free(loop);	/* frees the pending timer (valgrind checks) */
}

struct reader {
	struct loop_fd *w;
	char got[64];
	size_t len;
	int eof;
	int calls;
};

/* Read what is there; on EOF remove the watcher. */
static void
on_readable(struct loop *loop, int fd, int events, void *arg)
{
	struct reader *r = arg;
	ssize_t n;

	assert_int_equal(events, LOOP_READ);
	r->calls++;
	n = read(fd, r->got + r->len, sizeof r->got - 1 - r->len);
	assert_true(n >= 0);
	if (n == 0) {
		r->eof = 1;
		loop_fd_del(loop, r->w);
		return;
	}
	r->len += (size_t)n;
}

/* Write the rest and close the write end. */
static void
on_writer_timer(struct loop *loop, void *arg)
{
	int *fd = arg;

	(void)loop;
	assert_int_equal(write(*fd, "world", 5), 5);
	close(*fd);
	*fd = -1;
}

static void
test_fd_watch(void **state)
{
	struct reader r;
	struct loop *loop;
	int p[2];

	(void)state;
	memset(&r, 0, sizeof r);
	loop = test_loop_new();
	assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	assert_int_equal(write(p[1], "hello ", 6), 6);
	r.w = loop_fd_add(loop, p[0], LOOP_READ, on_readable, &r);
	loop_timer_add(loop, loop_now_ms() + 20, on_writer_timer, &p[1]);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(r.eof, 1);
	assert_int_equal(r.len, 11);
	assert_memory_equal(r.got, "hello world", 11);
	assert_true(r.calls >= 3);
	assert_int_equal(p[1], -1);
	close(p[0]);
	test_loop_free(loop);
}

static int paused_calls;

/* Must never be called: the watcher is paused. */
static void
on_paused(struct loop *loop, int fd, int events, void *arg)
{
	(void)loop;
	(void)fd;
	(void)events;
	(void)arg;
	paused_calls++;
}

/* Count one and stop. */
static void
on_stop_timer(struct loop *loop, void *arg)
{
	(*(int *)arg)++;
	loop_stop(loop);
}

static void
test_fd_pause_and_write(void **state)
{
	struct loop *loop;
	struct loop_fd *w;
	int p[2], stops = 0;

	(void)state;
	loop = test_loop_new();
	assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	paused_calls = 0;
	w = loop_fd_add(loop, p[0], LOOP_READ, on_paused, NULL);
	loop_fd_set(loop, w, 0);
	/* A paused watcher alone does not keep the loop running. */
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(paused_calls, 0);
	/* With a timer it is polled for nothing. */
	loop_timer_add(loop, loop_now_ms() + 30, on_stop_timer, &stops);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(stops, 1);
	assert_int_equal(paused_calls, 0);
	loop_fd_del(loop, w);
	/* Write readiness on an empty pipe comes at once. */
	w = loop_fd_add(loop, p[1], LOOP_WRITE, on_paused, NULL);
	loop_timer_add(loop, loop_now_ms() + 30, on_stop_timer, &stops);
	assert_int_equal(loop_run(loop), 0);
	assert_true(paused_calls > 0);
	loop_fd_del(loop, w);
	close(p[0]);
	close(p[1]);
	test_loop_free(loop);
}

struct exits {
	pid_t pid[256];
	struct loop_status st[256];
	int n;
};

/* Record a reaped child. */
static void
on_child(struct loop *loop, pid_t pid, const struct loop_status *st,
    void *arg)
{
	struct exits *e = arg;

	(void)loop;
	e->pid[e->n] = pid;
	e->st[e->n] = *st;
	e->n++;
}

/*
 * Fork a child that after delay_ms exits with code, or kills itself with
 * signal -code.  It execs /bin/sh so that nothing of this test (or of
 * valgrind, when it runs us) ends the child and alters its status.
 */
static pid_t
fork_child(int code, int delay_ms)
{
	char script[128];
	pid_t pid;

	if (code < 0)
		snprintf(script, sizeof script, "sleep %d.%03d; kill -%d $$",
		    delay_ms / 1000, delay_ms % 1000, -code);
	else
		snprintf(script, sizeof script, "sleep %d.%03d; exit %d",
		    delay_ms / 1000, delay_ms % 1000, code);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(126);
	}
	return pid;
}

static void
test_child_status(void **state)
{
	struct exits e;
	struct loop *loop;
	pid_t a, b, c;

	(void)state;
	memset(&e, 0, sizeof e);
	loop = test_loop_new();
	a = fork_child(7, 0);
	b = fork_child(-SIGKILL, 20);
	c = fork_child(137, 40);	/* exits 137: not a signal */
	loop_child_add(loop, a, on_child, &e);
	loop_child_add(loop, b, on_child, &e);
	loop_child_add(loop, c, on_child, &e);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(e.n, 3);
	for (int i = 0; i < 3; i++) {
		if (e.pid[i] == a) {
			assert_int_equal(e.st[i].code, 7);
			assert_int_equal(e.st[i].signo, 0);
		} else if (e.pid[i] == b) {
			assert_int_equal(e.st[i].code, -1);
			assert_int_equal(e.st[i].signo, SIGKILL);
		} else {
			assert_int_equal(e.pid[i], c);
			assert_int_equal(e.st[i].code, 137);
			assert_int_equal(e.st[i].signo, 0);
		}
	}
	assert_no_children();
	test_loop_free(loop);
}

static void
test_many_children(void **state)
{
	enum { N = 200 };
	struct exits e;
	struct loop *loop;
	pid_t pids[N];
	int i, j, fds;

	(void)state;
	memset(&e, 0, sizeof e);
	fds = count_fds();
	loop = test_loop_new();
	for (i = 0; i < N; i++) {
		pids[i] = fork_child(i % 256, i % 7);
		loop_child_add(loop, pids[i], on_child, &e);
	}
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(e.n, N);
	for (i = 0; i < N; i++) {
		for (j = 0; j < N; j++)
			if (e.pid[j] == pids[i])
				break;
		assert_true(j < N);
		assert_int_equal(e.st[j].code, i % 256);
	}
	assert_no_children();
	test_loop_free(loop);
	assert_int_equal(count_fds(), fds);
}

/* Unwatched children are reaped too and their status dropped. */
static void
test_child_unwatched_and_deleted(void **state)
{
	struct exits e;
	struct loop *loop;
	struct loop_child *c;
	int stops = 0;

	(void)state;
	memset(&e, 0, sizeof e);
	loop = test_loop_new();
	fork_child(1, 0);
	c = loop_child_add(loop, fork_child(2, 0), on_child, &e);
	loop_child_del(loop, c);
	loop_timer_add(loop, loop_now_ms() + 200, on_stop_timer, &stops);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(e.n, 0);
	assert_int_equal(stops, 1);
	assert_no_children();
	test_loop_free(loop);
}

struct sigrec {
	int signo[8];
	int n;
};

/* Record a signal and stop. */
static void
on_signal(struct loop *loop, int signo, void *arg)
{
	struct sigrec *s = arg;

	s->signo[s->n++] = signo;
	loop_stop(loop);
}

/* Send a signal to this process. */
static void
on_send_signal(struct loop *loop, void *arg)
{
	(void)loop;
	assert_int_equal(kill(getpid(), *(int *)arg), 0);
}

static void
test_signals(void **state)
{
	struct sigrec rec, rec2;
	struct loop *loop;
	struct loop_signal *si, *st, *st2;
	struct sigaction sa, old_int, old_term;
	int sig_int = SIGINT, sig_term = SIGTERM;

	(void)state;
	assert_int_equal(sigaction(SIGINT, NULL, &old_int), 0);
	assert_int_equal(sigaction(SIGTERM, NULL, &old_term), 0);
	memset(&rec, 0, sizeof rec);
	memset(&rec2, 0, sizeof rec2);
	loop = test_loop_new();
	si = loop_signal_add(loop, SIGINT, on_signal, &rec);
	st = loop_signal_add(loop, SIGTERM, on_signal, &rec);
	st2 = loop_signal_add(loop, SIGTERM, on_signal, &rec2);

	loop_timer_add(loop, loop_now_ms() + 10, on_send_signal, &sig_int);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(rec.n, 1);
	assert_int_equal(rec.signo[0], SIGINT);
	assert_int_equal(rec2.n, 0);

	loop_timer_add(loop, loop_now_ms() + 10, on_send_signal, &sig_term);
	assert_int_equal(loop_run(loop), 0);
	assert_int_equal(rec.n, 2);
	assert_int_equal(rec.signo[1], SIGTERM);
	assert_int_equal(rec2.n, 1);
	assert_int_equal(rec2.signo[0], SIGTERM);

	/* The last watcher of a signal gives the old disposition back. */
	loop_signal_del(loop, si);
	assert_int_equal(sigaction(SIGINT, NULL, &sa), 0);
	assert_true(sa.sa_handler == old_int.sa_handler);
	loop_signal_del(loop, st);
	assert_int_equal(sigaction(SIGTERM, NULL, &sa), 0);
	assert_true(sa.sa_handler != old_term.sa_handler);
	loop_signal_del(loop, st2);
	assert_int_equal(sigaction(SIGTERM, NULL, &sa), 0);
	assert_true(sa.sa_handler == old_term.sa_handler);
	test_loop_free(loop);
}

static void
test_one_loop_and_sigpipe(void **state)
{
	struct loop *loop, *other;
	struct sigaction sa, old_pipe, old_chld;

	(void)state;
	assert_int_equal(sigaction(SIGPIPE, NULL, &old_pipe), 0);
	assert_int_equal(sigaction(SIGCHLD, NULL, &old_chld), 0);
	loop = test_loop_new();
	errno = 0;
	other = loop_new();
	assert_null(other);
	assert_int_equal(errno, EBUSY);
	assert_int_equal(sigaction(SIGPIPE, NULL, &sa), 0);
	assert_true(sa.sa_handler == SIG_IGN);
	assert_int_equal(sigaction(SIGCHLD, NULL, &sa), 0);
	assert_true(sa.sa_handler != SIG_DFL);
	test_loop_free(loop);
	assert_int_equal(sigaction(SIGPIPE, NULL, &sa), 0);
	assert_true(sa.sa_handler == old_pipe.sa_handler);
	assert_int_equal(sigaction(SIGCHLD, NULL, &sa), 0);
	assert_true(sa.sa_handler == old_chld.sa_handler);
	/* And a new one can be made. */
	loop = test_loop_new();
	test_loop_free(loop);
}

static void
test_now_monotonic(void **state)
{
	uint64_t a, b;

	(void)state;
	a = loop_now_ms();
	usleep(20000);
	b = loop_now_ms();
	assert_true(b >= a + 19);
	assert_true(b < a + 2000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_timer_order_and_cancel, teardown_loop),
		cmocka_unit_test_teardown(test_timer_heap_many, teardown_loop),
		cmocka_unit_test_teardown(test_timer_rearm_and_stop, teardown_loop),
		cmocka_unit_test_teardown(test_fd_watch, teardown_loop),
		cmocka_unit_test_teardown(test_fd_pause_and_write, teardown_loop),
		cmocka_unit_test_teardown(test_child_status, teardown_loop),
		cmocka_unit_test_teardown(test_many_children, teardown_loop),
		cmocka_unit_test_teardown(test_child_unwatched_and_deleted, teardown_loop),
		cmocka_unit_test_teardown(test_signals, teardown_loop),
		cmocka_unit_test_teardown(test_one_loop_and_sigpipe, teardown_loop),
		cmocka_unit_test_teardown(test_now_monotonic, teardown_loop),
	};

	/* A hang (a lost wake-up, a child never killed) fails, not stalls. */
	alarm(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
