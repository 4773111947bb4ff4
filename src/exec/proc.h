/*
 * A running child process on the loop: spawned with spawn_start(), its
 * stdout and stderr drained into capped buffers, optionally its stdin fed
 * from bytes, and one completion callback.
 *
 * Completion comes exactly once, and only when both pipes reached EOF (or
 * were given up) AND the child was reaped, in whichever order those come.
 * It reports how the child ended (exit code and signal kept apart) and an
 * error state: 0, EFBIG when a stream passed its cap (the process group
 * was then sent SIGKILL and reading stopped; the buffer holds the first
 * cap bytes, nothing was silently cut), or the errno of a failed read.
 *
 * Ownership: one owner holds the struct proc and frees it with
 * proc_free(), which is allowed at any time, also from inside the proc's
 * own callbacks.  Freeing a proc that has not completed sends SIGKILL to
 * its process group and leaves a child watcher that drops the status, so
 * the loop keeps running until the child is reaped (no zombie).  The proc
 * holds a pointer to the loop, which must outlive it.
 */
#ifndef RF_EXEC_PROC_H
#define RF_EXEC_PROC_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "exec/loop.h"
#include "exec/spawn.h"
#include "util/buf.h"

struct proc;

enum proc_stream {
	PROC_STDOUT = 1,
	PROC_STDERR = 2,
};

/*
 * Called for every chunk read, in arrival order, after it was stored (for
 * live "task | line" output; lines may be split across chunks, the caller
 * joins them).  data is valid only during the call.
 */
typedef void (*proc_chunk_cb)(struct proc *p, enum proc_stream stream,
    const char *data, size_t len, void *arg);

/* How it ended; valid from completion until proc_free(). */
struct proc_result {
	struct loop_status status;	/* exit code vs. terminating signal */
	int error;	/* 0, EFBIG (a cap was passed), or a read/write errno */
	enum proc_stream over;	/* with EFBIG: which stream passed its cap */
};

/* Called once, when finished; the proc may be freed inside. */
typedef void (*proc_done_cb)(struct proc *p, const struct proc_result *r,
    void *arg);

struct proc_opts {
	struct spawn_opts spawn;	/* in must not be SPAWN_STDIN_PIPE: use
					   input below (merge_stderr is
					   allowed: all goes to stdout) */
	size_t out_max;		/* cap on captured stdout bytes; 0: none */
	size_t err_max;		/* cap on captured stderr bytes; 0: none */
	int combined;		/* nonzero: also keep both streams in one
				   buffer, in arrival order (best effort
				   across two pipes) */
	size_t combined_max;	/* its cap; 0: none */
	const void *input;	/* NULL, or bytes fed to stdin (copied),
				   then stdin is closed */
	size_t input_len;
	proc_chunk_cb on_chunk;	/* may be NULL */
	proc_done_cb on_done;	/* may be NULL */
	void *arg;		/* passed to both callbacks */
};

/*
 * Spawn the child and start watching it on loop.  Returns the proc, or
 * NULL with errno from spawn_start() (ENOENT for a missing program).
 * Nothing is called back before proc_new() returns.
 */
struct proc *proc_new(struct loop *loop, const struct proc_opts *o);
/* Free the proc (SIGKILL to its group first when not yet complete). */
void proc_free(struct proc *p);

pid_t proc_pid(const struct proc *p);
/* Nonzero once completion was reported. */
int proc_done(const struct proc *p);
/* The result (valid once proc_done()). */
const struct proc_result *proc_result(const struct proc *p);
/*
 * The captured bytes so far; owned by the proc (take them with
 * buf_detach() if they must outlive it).  proc_combined() is NULL unless
 * combined capture was asked for.
 */
struct buf *proc_stdout(struct proc *p);
struct buf *proc_stderr(struct proc *p);
struct buf *proc_combined(struct proc *p);

/*
 * Send sig to the child's process group (kill(-pgid, sig)).  Does nothing
 * and returns 0 once the proc completed; ESRCH (the group is already gone)
 * also counts as success.  Else -1 with errno.
 */
int proc_kill(struct proc *p, int sig);
/*
 * Stop the child: sig (SIGTERM, or SIGINT for a CLI that must clean up) to
 * its group now, then SIGKILL to the group if it has not completed
 * grace_ms later (a loop timer, cancelled on completion).  While an
 * escalation is pending, calling it again sends sig again but keeps the
 * first deadline.  Returns as proc_kill().
 */
int proc_terminate(struct proc *p, int sig, uint64_t grace_ms);

#endif
