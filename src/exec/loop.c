#include "config.h"

#include <sys/queue.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exec/loop.h"
#include "util/xmalloc.h"

/*
 * Signals the loop catches.  The handler only bumps a per-signal counter
 * and writes a byte to wake poll(); the loop compares each counter with
 * the value it saw last, so no delivery is lost even when the pipe is full
 * and no counter is ever written by two parties.
 */
static const int loop_signals[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP,
	SIGQUIT };
#define LOOP_NSIG (sizeof(loop_signals) / sizeof(loop_signals[0]))

/* The self-pipe write end: the one global, for the handler's sake. */
static int loop_wake_fd = -1;
static volatile sig_atomic_t loop_sigcount[LOOP_NSIG];

struct loop_fd {
	int fd;
	int events;
	int dead;
	loop_fd_cb cb;
	void *arg;
};

struct loop_timer {
	uint64_t deadline;
	uint64_t seq;		/* tie-break: order added */
	size_t idx;		/* position in the heap while pending */
	int firing;
	loop_timer_cb cb;
	void *arg;
};

struct loop_child {
	pid_t pid;
	int firing;
	loop_child_cb cb;
	void *arg;
	TAILQ_ENTRY(loop_child) entry;
};

struct loop_signal {
	int signo;
	int dead;
	loop_signal_cb cb;
	void *arg;
	TAILQ_ENTRY(loop_signal) entry;
};

struct loop {
	int wake[2];		/* self-pipe: [0] read, [1] write */
	int stop;
	int running;		/* inside loop_run() */

	/* fd watchers; removed ones stay (dead) until the next round */
	struct loop_fd **fds;
	size_t nfds, afds;
	size_t ndead;
	struct pollfd *pfd;	/* pfd[0]: the self-pipe */
	struct loop_fd **pw;	/* pw[k]: the watcher polled in pfd[k] */
	size_t apfd;

	/* pending timers: a binary min-heap on (deadline, seq) */
	struct loop_timer **heap;
	size_t nheap, aheap;
	uint64_t seq;

	TAILQ_HEAD(, loop_child) children;
	size_t nchildren;

	TAILQ_HEAD(, loop_signal) sigs;
	int nsigdead;
	sig_atomic_t sigseen[LOOP_NSIG];
	int siguse[LOOP_NSIG];		/* watchers per signal */
	struct sigaction sigold[LOOP_NSIG];	/* dispositions to restore */
	struct sigaction pipeold;
};

/* The index of signo in loop_signals, or -1. */
static int
loop_sigindex(int signo)
{
	size_t i;

	for (i = 0; i < LOOP_NSIG; i++)
		if (loop_signals[i] == signo)
			return (int)i;
	return -1;
}

/* Async-signal-safe: count the signal and wake poll(). */
static void
loop_handler(int signo)
{
	int saved = errno, i;
	unsigned char c = (unsigned char)signo;
	ssize_t n;

	i = loop_sigindex(signo);
	if (i >= 0)
		loop_sigcount[i]++;
	if (loop_wake_fd != -1) {
		/* A full pipe already means a wake-up is pending. */
		do
			n = write(loop_wake_fd, &c, 1);
		while (n == -1 && errno == EINTR);
	}
	errno = saved;
}

/* Install the loop's handler for signal index i, keeping the old one. */
static int
loop_catch(struct loop *loop, size_t i)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (loop_signals[i] == SIGCHLD)
		sa.sa_flags |= SA_NOCLDSTOP;
	loop->sigseen[i] = loop_sigcount[i];
	return sigaction(loop_signals[i], &sa, &loop->sigold[i]);
}

/* Put back the disposition signal index i had before loop_catch(). */
static void
loop_uncatch(struct loop *loop, size_t i)
{
	if (sigaction(loop_signals[i], &loop->sigold[i], NULL) == -1)
		fatal("cannot restore the handler of signal %d: %s",
		    loop_signals[i], strerror(errno));
}

/* Create the loop. */
struct loop *
loop_new(void)
{
	struct loop *loop;
	struct sigaction ign;
	size_t i;
	int saved;

	if (loop_wake_fd != -1) {
		errno = EBUSY;
		return NULL;
	}
	loop = xcalloc(1, sizeof *loop);
	TAILQ_INIT(&loop->children);
	TAILQ_INIT(&loop->sigs);
	if (pipe2(loop->wake, O_CLOEXEC | O_NONBLOCK) == -1) {
		saved = errno;
		free(loop);
		errno = saved;
		return NULL;
	}
	loop_wake_fd = loop->wake[1];
	/* SIGCHLD (index 0) is caught for the loop's whole life. */
	if (loop_catch(loop, 0) == -1)
		goto fail;
	loop->siguse[0] = 1;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	if (sigaction(SIGPIPE, &ign, &loop->pipeold) == -1) {
		saved = errno;
		loop_uncatch(loop, 0);
		errno = saved;
		goto fail;
	}
	for (i = 0; i < LOOP_NSIG; i++)
		loop->sigseen[i] = loop_sigcount[i];
	return loop;

fail:
	saved = errno;
	loop_wake_fd = -1;
	close(loop->wake[0]);
	close(loop->wake[1]);
	free(loop);
	errno = saved;
	return NULL;
}

/* Free the loop and all handles. */
void
loop_free(struct loop *loop)
{
	struct loop_child *c;
	struct loop_signal *s;
	size_t i;

	if (loop == NULL)
		return;
	for (i = 0; i < LOOP_NSIG; i++)
		if (loop->siguse[i] > 0)
			loop_uncatch(loop, i);
	if (sigaction(SIGPIPE, &loop->pipeold, NULL) == -1)
		fatal("cannot restore SIGPIPE: %s", strerror(errno));
	loop_wake_fd = -1;
	close(loop->wake[0]);
	close(loop->wake[1]);
	for (i = 0; i < loop->nfds; i++)
		free(loop->fds[i]);
	free(loop->fds);
	free(loop->pfd);
	free(loop->pw);
	for (i = 0; i < loop->nheap; i++)
		free(loop->heap[i]);
	free(loop->heap);
	while ((c = TAILQ_FIRST(&loop->children)) != NULL) {
		TAILQ_REMOVE(&loop->children, c, entry);
		free(c);
	}
	while ((s = TAILQ_FIRST(&loop->sigs)) != NULL) {
		TAILQ_REMOVE(&loop->sigs, s, entry);
		free(s);
	}
	free(loop);
}

/* Monotonic milliseconds. */
uint64_t
loop_now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		fatal("clock_gettime: %s", strerror(errno));
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Make loop_run() return at the end of this round. */
void
loop_stop(struct loop *loop)
{
	loop->stop = 1;
}

/* Add an fd watcher. */
struct loop_fd *
loop_fd_add(struct loop *loop, int fd, int events, loop_fd_cb cb, void *arg)
{
	struct loop_fd *w;

	if (fd < 0 || cb == NULL || (events & ~(LOOP_READ | LOOP_WRITE)) != 0)
		fatal("loop_fd_add: bad arguments (fd %d)", fd);
	if (loop->nfds == loop->afds) {
		loop->afds = loop->afds ? loop->afds * 2 : 16;
		loop->fds = xreallocarray(loop->fds, loop->afds,
		    sizeof *loop->fds);
	}
	w = xcalloc(1, sizeof *w);
	w->fd = fd;
	w->events = events;
	w->cb = cb;
	w->arg = arg;
	loop->fds[loop->nfds++] = w;
	return w;
}

/* Change the readiness bits an fd watcher asks for. */
void
loop_fd_set(struct loop *loop, struct loop_fd *w, int events)
{
	(void)loop;
	if ((events & ~(LOOP_READ | LOOP_WRITE)) != 0)
		fatal("loop_fd_set: bad events %#x", (unsigned)events);
	w->events = events;
}

/* Remove an fd watcher; its memory goes at the start of the next round. */
void
loop_fd_del(struct loop *loop, struct loop_fd *w)
{
	if (w == NULL || w->dead)
		return;
	w->dead = 1;
	w->events = 0;
	w->fd = -1;
	loop->ndead++;
}

/* Drop dead fd watchers and dead signal watchers. */
static void
loop_compact(struct loop *loop)
{
	struct loop_signal *s, *next;
	size_t i, j;

	if (loop->ndead > 0) {
		for (i = j = 0; i < loop->nfds; i++) {
			if (loop->fds[i]->dead)
				free(loop->fds[i]);
			else
				loop->fds[j++] = loop->fds[i];
		}
		loop->nfds = j;
		loop->ndead = 0;
	}
	if (loop->nsigdead > 0) {
		for (s = TAILQ_FIRST(&loop->sigs); s != NULL; s = next) {
			next = TAILQ_NEXT(s, entry);
			if (s->dead) {
				TAILQ_REMOVE(&loop->sigs, s, entry);
				free(s);
			}
		}
		loop->nsigdead = 0;
	}
}

/* Heap order: earlier deadline first, then the one added first. */
static int
loop_timer_before(const struct loop_timer *a, const struct loop_timer *b)
{
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->seq < b->seq;
}

/* Put t at heap index i. */
static void
loop_heap_set(struct loop *loop, size_t i, struct loop_timer *t)
{
	loop->heap[i] = t;
	t->idx = i;
}

/* Restore the heap property around index i (up, then down). */
static void
loop_heap_fix(struct loop *loop, size_t i)
{
	struct loop_timer *t = loop->heap[i];
	size_t parent, child;

	while (i > 0) {
		parent = (i - 1) / 2;
		if (!loop_timer_before(t, loop->heap[parent]))
			break;
		loop_heap_set(loop, i, loop->heap[parent]);
		i = parent;
	}
	for (;;) {
		child = 2 * i + 1;
		if (child >= loop->nheap)
			break;
		if (child + 1 < loop->nheap &&
		    loop_timer_before(loop->heap[child + 1], loop->heap[child]))
			child++;
		if (!loop_timer_before(loop->heap[child], t))
			break;
		loop_heap_set(loop, i, loop->heap[child]);
		i = child;
	}
	loop_heap_set(loop, i, t);
}

/* Take the timer at heap index i out of the heap. */
static void
loop_heap_remove(struct loop *loop, size_t i)
{
	struct loop_timer *last;

	last = loop->heap[--loop->nheap];
	if (i < loop->nheap) {
		loop_heap_set(loop, i, last);
		loop_heap_fix(loop, i);
	}
}

/* Add a one-shot timer. */
struct loop_timer *
loop_timer_add(struct loop *loop, uint64_t deadline_ms, loop_timer_cb cb,
    void *arg)
{
	struct loop_timer *t;

	if (cb == NULL)
		fatal("loop_timer_add: no callback");
	if (loop->nheap == loop->aheap) {
		loop->aheap = loop->aheap ? loop->aheap * 2 : 16;
		loop->heap = xreallocarray(loop->heap, loop->aheap,
		    sizeof *loop->heap);
	}
	t = xcalloc(1, sizeof *t);
	t->deadline = deadline_ms;
	t->seq = loop->seq++;
	t->cb = cb;
	t->arg = arg;
	loop->heap[loop->nheap] = t;
	t->idx = loop->nheap++;
	loop_heap_fix(loop, t->idx);
	return t;
}

/* Cancel a pending timer. */
void
loop_timer_cancel(struct loop *loop, struct loop_timer *t)
{
	if (t == NULL || t->firing)
		return;
	if (t->idx >= loop->nheap || loop->heap[t->idx] != t)
		fatal("loop_timer_cancel: not a pending timer");
	loop_heap_remove(loop, t->idx);
	free(t);
}

/* Add a child watcher. */
struct loop_child *
loop_child_add(struct loop *loop, pid_t pid, loop_child_cb cb, void *arg)
{
	struct loop_child *c;

	if (pid <= 0 || cb == NULL)
		fatal("loop_child_add: bad arguments (pid %ld)", (long)pid);
	c = xcalloc(1, sizeof *c);
	c->pid = pid;
	c->cb = cb;
	c->arg = arg;
	TAILQ_INSERT_TAIL(&loop->children, c, entry);
	loop->nchildren++;
	return c;
}

/* Remove a child watcher (nothing more inside its own callback). */
void
loop_child_del(struct loop *loop, struct loop_child *c)
{
	if (c == NULL || c->firing)
		return;
	TAILQ_REMOVE(&loop->children, c, entry);
	loop->nchildren--;
	free(c);
}

/* Add a signal watcher, installing the handler with the first one. */
struct loop_signal *
loop_signal_add(struct loop *loop, int signo, loop_signal_cb cb, void *arg)
{
	struct loop_signal *s;
	int i;

	i = loop_sigindex(signo);
	if (i <= 0 || cb == NULL)	/* index 0 is SIGCHLD: internal */
		fatal("loop_signal_add: signal %d cannot be watched", signo);
	if (loop->siguse[i] == 0 && loop_catch(loop, (size_t)i) == -1)
		fatal("sigaction %d: %s", signo, strerror(errno));
	loop->siguse[i]++;
	s = xcalloc(1, sizeof *s);
	s->signo = signo;
	s->cb = cb;
	s->arg = arg;
	TAILQ_INSERT_TAIL(&loop->sigs, s, entry);
	return s;
}

/* Remove a signal watcher; the last one of a signal restores it. */
void
loop_signal_del(struct loop *loop, struct loop_signal *s)
{
	int i;

	if (s == NULL || s->dead)
		return;
	s->dead = 1;
	loop->nsigdead++;
	i = loop_sigindex(s->signo);
	if (--loop->siguse[i] == 0)
		loop_uncatch(loop, (size_t)i);
}

/* Turn a wait status into exit code vs. signal. */
static void
loop_status_from(int st, struct loop_status *ls)
{
	memset(ls, 0, sizeof *ls);
	if (WIFEXITED(st)) {
		ls->code = WEXITSTATUS(st);
	} else if (WIFSIGNALED(st)) {
		ls->code = -1;
		ls->signo = WTERMSIG(st);
		ls->core = WCOREDUMP(st) ? 1 : 0;
	} else {
		fatal("unexpected wait status %#x", (unsigned)st);
	}
}

/* Reap every child that has ended and call its watcher. */
static void
loop_reap(struct loop *loop)
{
	struct loop_status ls;
	struct loop_child *c;
	pid_t pid;
	int st;

	for (;;) {
		pid = waitpid(-1, &st, WNOHANG);
		if (pid == -1 && errno == EINTR)
			continue;
		if (pid <= 0)	/* 0: none ended yet; ECHILD: none left */
			break;
		TAILQ_FOREACH(c, &loop->children, entry)
			if (c->pid == pid)
				break;
		if (c == NULL)
			continue;
		loop_status_from(st, &ls);
		TAILQ_REMOVE(&loop->children, c, entry);
		loop->nchildren--;
		c->firing = 1;
		c->cb(loop, pid, &ls, c->arg);
		free(c);
	}
}

/* Empty the self-pipe and act on every signal counted since last time. */
static void
loop_signals_dispatch(struct loop *loop)
{
	struct loop_signal *s;
	unsigned char drain[64];
	sig_atomic_t now;
	ssize_t n;
	size_t i;

	do
		n = read(loop->wake[0], drain, sizeof drain);
	while (n > 0 || (n == -1 && errno == EINTR));

	for (i = 0; i < LOOP_NSIG; i++) {
		now = loop_sigcount[i];
		if (now == loop->sigseen[i])
			continue;
		loop->sigseen[i] = now;
		if (i == 0) {
			loop_reap(loop);
			continue;
		}
		/* Watchers added by these callbacks wait for the next one. */
		TAILQ_FOREACH(s, &loop->sigs, entry)
			if (!s->dead && s->signo == loop_signals[i])
				s->cb(loop, s->signo, s->arg);
	}
}

/* Fire the timers due now, in deadline order. */
static void
loop_timers_dispatch(struct loop *loop)
{
	struct loop_timer *t;
	uint64_t now, limit;

	now = loop_now_ms();
	limit = loop->seq;	/* timers added by callbacks wait a round */
	while (loop->nheap > 0) {
		t = loop->heap[0];
		if (t->deadline > now || t->seq >= limit)
			break;
		loop_heap_remove(loop, 0);
		t->firing = 1;
		t->cb(loop, t->arg);
		free(t);
	}
}

/* Count the fd watchers that want something. */
static size_t
loop_fds_live(const struct loop *loop)
{
	size_t i, n = 0;

	for (i = 0; i < loop->nfds; i++)
		if (loop->fds[i]->events != 0)
			n++;
	return n;
}

/* The poll timeout until the first timer: -1 for none, else ms >= 0. */
static int
loop_timeout(const struct loop *loop)
{
	uint64_t now, left;

	if (loop->nheap == 0)
		return -1;
	now = loop_now_ms();
	if (loop->heap[0]->deadline <= now)
		return 0;
	left = loop->heap[0]->deadline - now;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* Run until stopped or idle. */
int
loop_run(struct loop *loop)
{
	struct loop_fd *w;
	size_t i, k, n, live;
	int nready, got;

	/* A nested run would free watchers the outer round still holds. */
	if (loop->running)
		fatal("loop_run: called from inside a loop callback");
	loop->running = 1;
	loop->stop = 0;
	/* A child may have ended before the SIGCHLD handler existed. */
	loop_reap(loop);
	for (;;) {
		/*
		 * Signals first: those that came during poll(), and those
		 * a callback of the last round raised itself.
		 */
		loop_signals_dispatch(loop);
		loop_compact(loop);
		if (loop->stop)
			break;
		live = loop_fds_live(loop);
		if (live == 0 && loop->nheap == 0 && loop->nchildren == 0)
			break;

		if (live + 1 > loop->apfd) {
			loop->apfd = live + 1 > 2 * loop->apfd ? live + 1 :
			    2 * loop->apfd;
			loop->pfd = xreallocarray(loop->pfd, loop->apfd,
			    sizeof *loop->pfd);
			loop->pw = xreallocarray(loop->pw, loop->apfd,
			    sizeof *loop->pw);
		}
		loop->pfd[0].fd = loop->wake[0];
		loop->pfd[0].events = POLLIN;
		loop->pfd[0].revents = 0;
		loop->pw[0] = NULL;
		for (i = 0, n = 1; i < loop->nfds; i++) {
			w = loop->fds[i];
			if (w->events == 0)
				continue;
			loop->pw[n] = w;
			loop->pfd[n].fd = w->fd;
			loop->pfd[n].events =
			    ((w->events & LOOP_READ) ? POLLIN : 0) |
			    ((w->events & LOOP_WRITE) ? POLLOUT : 0);
			loop->pfd[n].revents = 0;
			n++;
		}

		nready = poll(loop->pfd, n, loop_timeout(loop));
		if (nready == -1) {
			if (errno == EINTR)
				continue;
			loop->running = 0;
			return -1;
		}

		/*
		 * Removed watchers stay allocated (dead) until loop_compact(),
		 * so the snapshot in pw[] stays valid through the callbacks.
		 */
		for (k = 1; nready > 0 && k < n; k++) {
			w = loop->pw[k];
			if (w->dead || loop->pfd[k].revents == 0)
				continue;
			if (loop->pfd[k].revents & POLLNVAL)
				fatal("loop: fd %d is watched but not open", w->fd);
			got = 0;
			if (loop->pfd[k].revents & (POLLIN | POLLHUP | POLLERR))
				got |= LOOP_READ;
			if (loop->pfd[k].revents & (POLLOUT | POLLHUP | POLLERR))
				got |= LOOP_WRITE;
			got &= w->events;
			if (got != 0)
				w->cb(loop, w->fd, got, w->arg);
		}

		loop_timers_dispatch(loop);
	}
	loop->running = 0;
	return 0;
}
