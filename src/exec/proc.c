#include "config.h"

#include <sys/types.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/loop.h"
#include "exec/proc.h"
#include "exec/spawn.h"
#include "util/buf.h"
#include "util/xmalloc.h"

/*
 * Bytes read from one pipe per wake-up.  Reading until EAGAIN could spin
 * on one fast writer while other pipes and timers wait; after this much
 * poll() comes round again and serves everyone.
 */
#define PROC_READ_CHUNK	65536
#define PROC_READ_ROUND	(16 * PROC_READ_CHUNK)

struct proc {
	struct loop *loop;
	pid_t pid;
	struct loop_child *cw;
	struct loop_fd *outw, *errw, *inw;
	int out_fd, err_fd, in_fd;

	struct buf out, err, all;
	int combined;

	char *input;		/* owned copy of the bytes to feed */
	size_t input_len, input_off;

	struct loop_timer *kill_timer;
	int reaped;
	int done;
	struct proc_result res;

	proc_chunk_cb on_chunk;
	proc_done_cb on_done;
	void *arg;

	/*
	 * Loop callbacks under way for this proc.  proc_free() inside one
	 * of the owner's callbacks only sets freed; the memory goes when
	 * the outermost callback unwinds.
	 */
	int depth;
	int freed;
};

static void proc_on_read(struct loop *, int, int, void *);
static void proc_on_write(struct loop *, int, int, void *);
static void proc_on_exit(struct loop *, pid_t, const struct loop_status *,
    void *);

/* Remove the watcher of *fd and close it. */
static void
proc_close(struct proc *p, struct loop_fd **w, int *fd)
{
	if (*w != NULL) {
		loop_fd_del(p->loop, *w);
		*w = NULL;
	}
	if (*fd != -1) {
		close(*fd);
		*fd = -1;
	}
}

/* Release everything but the struct itself. */
static void
proc_release(struct proc *p)
{
	proc_close(p, &p->outw, &p->out_fd);
	proc_close(p, &p->errw, &p->err_fd);
	proc_close(p, &p->inw, &p->in_fd);
	if (p->cw != NULL) {
		loop_child_del(p->loop, p->cw);
		p->cw = NULL;
	}
	if (p->kill_timer != NULL) {
		loop_timer_cancel(p->loop, p->kill_timer);
		p->kill_timer = NULL;
	}
	buf_release(&p->out);
	buf_release(&p->err);
	buf_release(&p->all);
	free(p->input);
	p->input = NULL;
}

/* Enter a loop callback. */
static void
proc_enter(struct proc *p)
{
	p->depth++;
}

/* Leave a loop callback; returns nonzero when p is gone. */
static int
proc_leave(struct proc *p)
{
	if (--p->depth == 0 && p->freed) {
		free(p);
		return 1;
	}
	return 0;
}

/* Report completion once both pipes are closed and the child reaped. */
static void
proc_check_done(struct proc *p)
{
	if (p->done || !p->reaped || p->out_fd != -1 || p->err_fd != -1)
		return;
	p->done = 1;
	/* Nobody reads stdin any more. */
	proc_close(p, &p->inw, &p->in_fd);
	if (p->kill_timer != NULL) {
		loop_timer_cancel(p->loop, p->kill_timer);
		p->kill_timer = NULL;
	}
	if (p->on_done != NULL)
		p->on_done(p, &p->res, p->arg);
}

/* Note the first error only; later ones are consequences. */
static void
proc_error(struct proc *p, int err, enum proc_stream stream)
{
	if (p->res.error == 0) {
		p->res.error = err;
		if (err == EFBIG)
			p->res.over = stream;
	}
}

/*
 * Append to b up to its cap.  Returns the number of bytes stored, which
 * is less than n only when the cap was reached.
 */
static size_t
proc_store(struct buf *b, const char *data, size_t n)
{
	size_t room;

	if (b->max != 0 && b->len + n > b->max) {
		room = b->max > b->len ? b->max - b->len : 0;
		if (room > 0 && buf_append(b, data, room) == -1)
			fatal("buf_append within its cap failed");
		return room;
	}
	if (buf_append(b, data, n) == -1)
		fatal("buf_append without reaching its cap failed");
	return n;
}

/* A stream passed its cap: kill the group and stop reading. */
static void
proc_overflow(struct proc *p, enum proc_stream stream)
{
	proc_error(p, EFBIG, stream);
	if (kill(-p->pid, SIGKILL) == -1 && errno != ESRCH)
		fatal("kill %ld: %s", (long)-p->pid, strerror(errno));
	proc_close(p, &p->outw, &p->out_fd);
	proc_close(p, &p->errw, &p->err_fd);
}

/*
 * Store one chunk from stream and pass it on.  Returns -1 when reading
 * must stop (cap passed, or the owner freed the proc).
 */
static int
proc_take(struct proc *p, enum proc_stream stream, const char *data,
    size_t n)
{
	struct buf *b = stream == PROC_STDOUT ? &p->out : &p->err;
	size_t kept;
	int over;

	kept = proc_store(b, data, n);
	over = kept < n;
	if (p->combined && proc_store(&p->all, data, kept) < kept)
		over = 1;
	if (kept > 0 && p->on_chunk != NULL) {
		p->on_chunk(p, stream, data, kept, p->arg);
		if (p->freed)
			return -1;
	}
	if (over) {
		proc_overflow(p, stream);
		return -1;
	}
	return 0;
}

/* Drain a readable stdout or stderr pipe. */
static void
proc_on_read(struct loop *loop, int fd, int events, void *arg)
{
	struct proc *p = arg;
	enum proc_stream stream;
	char chunk[PROC_READ_CHUNK];
	size_t total = 0;
	ssize_t n;

	(void)loop;
	(void)events;
	stream = fd == p->out_fd ? PROC_STDOUT : PROC_STDERR;
	proc_enter(p);
	while (total < PROC_READ_ROUND) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			break;
		if (n <= 0) {
			if (n == -1)
				proc_error(p, errno, stream);
			if (stream == PROC_STDOUT)
				proc_close(p, &p->outw, &p->out_fd);
			else
				proc_close(p, &p->errw, &p->err_fd);
			proc_check_done(p);
			break;
		}
		total += (size_t)n;
		if (proc_take(p, stream, chunk, (size_t)n) == -1) {
			if (!p->freed)
				proc_check_done(p);
			break;
		}
	}
	proc_leave(p);
}

/* Feed more of the input to a writable stdin pipe. */
static void
proc_on_write(struct loop *loop, int fd, int events, void *arg)
{
	struct proc *p = arg;
	ssize_t n;

	(void)loop;
	(void)events;
	while (p->input_off < p->input_len) {
		n = write(fd, p->input + p->input_off,
		    p->input_len - p->input_off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		if (n == -1) {
			/* EPIPE: the child stopped reading; that is its call. */
			if (errno != EPIPE)
				proc_error(p, errno, PROC_STDOUT);
			break;
		}
		p->input_off += (size_t)n;
	}
	proc_close(p, &p->inw, &p->in_fd);
}

/* The child was reaped. */
static void
proc_on_exit(struct loop *loop, pid_t pid, const struct loop_status *st,
    void *arg)
{
	struct proc *p = arg;

	(void)loop;
	(void)pid;
	p->cw = NULL;	/* the loop frees the watcher */
	p->reaped = 1;
	p->res.status = *st;
	proc_enter(p);
	proc_check_done(p);
	proc_leave(p);
}

/* Spawn and watch; see proc.h. */
struct proc *
proc_new(struct loop *loop, const struct proc_opts *o)
{
	struct spawn_opts so = o->spawn;
	struct spawn sp;
	struct proc *p;

	if (so.in == SPAWN_STDIN_PIPE)
		fatal("proc_new: use input, not SPAWN_STDIN_PIPE");
	if (o->input != NULL)
		so.in = SPAWN_STDIN_PIPE;
	if (spawn_start(&so, &sp) == -1)
		return NULL;

	p = xcalloc(1, sizeof *p);
	p->loop = loop;
	p->pid = sp.pid;
	p->out_fd = sp.out_fd;
	p->err_fd = sp.err_fd;
	p->in_fd = sp.in_fd;
	buf_init(&p->out, o->out_max);
	buf_init(&p->err, o->err_max);
	buf_init(&p->all, o->combined_max);
	p->combined = o->combined != 0;
	p->on_chunk = o->on_chunk;
	p->on_done = o->on_done;
	p->arg = o->arg;
	p->res.status.code = -1;

	p->cw = loop_child_add(loop, p->pid, proc_on_exit, p);
	p->outw = loop_fd_add(loop, p->out_fd, LOOP_READ, proc_on_read, p);
	if (p->err_fd != -1)
		p->errw = loop_fd_add(loop, p->err_fd, LOOP_READ,
		    proc_on_read, p);
	if (p->in_fd != -1) {
		if (o->input_len > 0) {
			p->input = xmalloc(o->input_len);
			memcpy(p->input, o->input, o->input_len);
			p->input_len = o->input_len;
			p->inw = loop_fd_add(loop, p->in_fd, LOOP_WRITE,
			    proc_on_write, p);
		} else {
			close(p->in_fd);
			p->in_fd = -1;
		}
	}
	return p;
}

/* Reaps a child whose proc was freed; the status is of no interest. */
static void
proc_on_orphan(struct loop *loop, pid_t pid, const struct loop_status *st,
    void *arg)
{
	(void)loop;
	(void)pid;
	(void)st;
	(void)arg;
}

/* Free the proc, killing its group if it is still running. */
void
proc_free(struct proc *p)
{
	if (p == NULL || p->freed)
		return;
	if (!p->done && kill(-p->pid, SIGKILL) == -1 && errno != ESRCH)
		fatal("kill %ld: %s", (long)-p->pid, strerror(errno));
	if (p->cw != NULL) {
		loop_child_del(p->loop, p->cw);
		p->cw = NULL;
		/* The loop owns this watcher; it goes when the child is reaped. */
		(void)loop_child_add(p->loop, p->pid, proc_on_orphan, NULL);
	}
	proc_release(p);
	p->freed = 1;
	if (p->depth == 0)
		free(p);
}

/* The child's pid (and process group). */
pid_t
proc_pid(const struct proc *p)
{
	return p->pid;
}

/* Whether completion was reported. */
int
proc_done(const struct proc *p)
{
	return p->done;
}

/* How it ended. */
const struct proc_result *
proc_result(const struct proc *p)
{
	return &p->res;
}

/* Captured stdout. */
struct buf *
proc_stdout(struct proc *p)
{
	return &p->out;
}

/* Captured stderr. */
struct buf *
proc_stderr(struct proc *p)
{
	return &p->err;
}

/* Both streams in arrival order, or NULL. */
struct buf *
proc_combined(struct proc *p)
{
	return p->combined ? &p->all : NULL;
}

/* Signal the child's process group. */
int
proc_kill(struct proc *p, int sig)
{
	if (p->done)
		return 0;
	if (kill(-p->pid, sig) == -1 && errno != ESRCH)
		return -1;
	return 0;
}

/* The grace period ran out: SIGKILL. */
static void
proc_on_grace(struct loop *loop, void *arg)
{
	struct proc *p = arg;

	(void)loop;
	p->kill_timer = NULL;
	if (proc_kill(p, SIGKILL) == -1)
		fatal("kill %ld: %s", (long)-p->pid, strerror(errno));
}

/* Signal now, SIGKILL after grace_ms unless completed. */
int
proc_terminate(struct proc *p, int sig, uint64_t grace_ms)
{
	if (p->done)
		return 0;
	if (p->kill_timer == NULL)
		p->kill_timer = loop_timer_add(p->loop,
		    loop_now_ms() + grace_ms, proc_on_grace, p);
	return proc_kill(p, sig);
}
