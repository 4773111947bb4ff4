/*
 * The event loop: one per run.  It watches file descriptors, one-shot
 * timers on the monotonic clock, child processes and signals, and sleeps
 * only in poll(2).
 *
 * Signals (SIGCHLD internally, SIGINT/SIGTERM/SIGHUP/SIGQUIT for callers)
 * reach the loop through a self-pipe made with pipe2(O_CLOEXEC|O_NONBLOCK).
 * The write end of that pipe is the one piece of global state: a signal
 * handler can reach nothing else.  Hence at most one loop exists at a time;
 * loop_new() fails with EBUSY while another is alive.
 *
 * Children are reaped with waitpid(-1, WNOHANG) in a loop whenever SIGCHLD
 * arrives, so while a loop exists no other code in the process may wait for
 * its own children (no system(), no popen()): their statuses would be
 * taken here.  A reaped pid with no watcher is dropped silently.
 *
 * Callbacks run from loop_run() only, never from a signal handler.  Any
 * callback may add or remove any watcher, including its own, and may call
 * loop_stop(); a watcher removed during a round is never called afterwards.
 *
 * Handles (struct loop_fd, loop_timer, loop_child, loop_signal) are owned
 * by the loop.  A handle stays valid until the caller removes it, or, for
 * one-shot timers and child watchers, until its callback returns (it is
 * freed right after; removing it from inside its own callback is allowed
 * and does nothing more).  loop_free() frees every handle still present
 * without calling any callback.
 */
#ifndef RF_EXEC_LOOP_H
#define RF_EXEC_LOOP_H

#include <sys/types.h>

#include <stdint.h>

struct loop;
struct loop_fd;
struct loop_timer;
struct loop_child;
struct loop_signal;

/* Readiness bits for fd watchers (asked for and reported). */
#define LOOP_READ	0x1	/* readable, or EOF / hang-up / error: read it */
#define LOOP_WRITE	0x2	/* writable, or the reader went away: write it */

/*
 * How a child ended, with exit status and terminating signal kept apart:
 * exactly one of code >= 0 (it exited) and signo > 0 (a signal killed it)
 * holds.
 */
struct loop_status {
	int code;	/* exit code 0..255, or -1 when killed by a signal */
	int signo;	/* terminating signal, or 0 when it exited */
	int core;	/* nonzero when it dumped core */
};

/* events: the LOOP_READ/LOOP_WRITE bits that are ready. */
typedef void (*loop_fd_cb)(struct loop *loop, int fd, int events, void *arg);
typedef void (*loop_timer_cb)(struct loop *loop, void *arg);
typedef void (*loop_child_cb)(struct loop *loop, pid_t pid,
    const struct loop_status *status, void *arg);
typedef void (*loop_signal_cb)(struct loop *loop, int signo, void *arg);

/*
 * Make the loop: the self-pipe, a SIGCHLD handler, and SIGPIPE ignored
 * (the previous dispositions come back in loop_free()).  Returns NULL with
 * errno set (EBUSY when a loop already exists, or pipe2/sigaction's).
 */
struct loop *loop_new(void);
/* Free the loop and every handle left, restore signal dispositions. */
void loop_free(struct loop *loop);

/*
 * Run until loop_stop() is called or nothing is left to wait for: no fd
 * watcher, no timer and no child watcher (signal watchers alone do not
 * keep the loop running).  Returns 0, or -1 with errno when poll(2) fails
 * for a reason other than EINTR.  May be called again after it returns,
 * but not from inside one of its callbacks (fatal).
 */
int loop_run(struct loop *loop);
/* Make loop_run() return after the callbacks of the current round. */
void loop_stop(struct loop *loop);

/* Milliseconds on CLOCK_MONOTONIC (an arbitrary origin; only differences). */
uint64_t loop_now_ms(void);

/*
 * Watch fd for the given LOOP_READ/LOOP_WRITE bits (one watcher per fd;
 * the caller keeps owning the fd and must remove the watcher before
 * closing it).  Hang-up and error conditions are reported as whichever
 * asked-for bit applies, so the callback sees them from read or write.
 */
struct loop_fd *loop_fd_add(struct loop *loop, int fd, int events,
    loop_fd_cb cb, void *arg);
/* Change the bits watched; 0 pauses the watcher without removing it. */
void loop_fd_set(struct loop *loop, struct loop_fd *w, int events);
void loop_fd_del(struct loop *loop, struct loop_fd *w);

/*
 * Call cb once, at or after the monotonic time deadline_ms (loop_now_ms()
 * plus a delay; a deadline in the past fires in the next round).  Timers
 * due in the same round fire in deadline order, ties in the order added.
 */
struct loop_timer *loop_timer_add(struct loop *loop, uint64_t deadline_ms,
    loop_timer_cb cb, void *arg);
/* Cancel a pending timer; its callback will not be called. */
void loop_timer_cancel(struct loop *loop, struct loop_timer *t);

/*
 * Call cb once when pid (a child of this process) is reaped.  Add the
 * watcher right after spawning, before the loop runs again.
 */
struct loop_child *loop_child_add(struct loop *loop, pid_t pid,
    loop_child_cb cb, void *arg);
/* Stop watching; the child is still reaped, its status dropped. */
void loop_child_del(struct loop *loop, struct loop_child *c);

/*
 * Call cb (in the loop, not in the handler) every time signo arrives.
 * signo is SIGINT, SIGTERM, SIGHUP or SIGQUIT; anything else is a
 * programming error (fatal).  The loop installs its handler with the
 * first watcher of a signal and restores the old disposition when the
 * last one is removed.  Several watchers of one signal are all called.
 */
struct loop_signal *loop_signal_add(struct loop *loop, int signo,
    loop_signal_cb cb, void *arg);
void loop_signal_del(struct loop *loop, struct loop_signal *s);

#endif
