/*
 * Start a child process with posix_spawn(3) and file actions only (no code
 * runs in the child between fork and exec).
 *
 * The child gets: stdin from /dev/null, from a caller's fd, or from a pipe
 * whose write end the caller feeds; stdout and stderr each to a pipe (or
 * both to one pipe); an empty signal mask and default dispositions for
 * every signal; its own process group (pgid == pid), so signalling -pid
 * reaches exactly its processes; the caller's argv and envp (the whole
 * environment, nothing inherited); optionally another working directory.
 *
 * Every fd made here is close-on-exec, so concurrently spawned siblings
 * never inherit each other's pipe ends.  The parent's write ends of the
 * stdout/stderr pipes and read end of the stdin pipe are closed before
 * spawn_start() returns.  The parent's ends returned in struct spawn are
 * non-blocking; the child's ends are blocking.
 *
 * spawn_start() does not wait for the child: add a loop child watcher
 * (loop.h) for the pid right away.
 */
#ifndef RF_EXEC_SPAWN_H
#define RF_EXEC_SPAWN_H

#include <sys/types.h>

#include <stddef.h>

/* Where the child's stdin comes from. */
enum spawn_stdin {
	SPAWN_STDIN_NULL,	/* /dev/null (the default) */
	SPAWN_STDIN_FD,		/* the caller's stdin_fd */
	SPAWN_STDIN_PIPE,	/* a pipe; the parent writes to spawn.in_fd */
};

struct spawn_opts {
	/*
	 * Program and arguments, NULL-terminated; argv[0] is the program.
	 * Without path, argv[0] is looked up as posix_spawnp(3) does: in
	 * the PATH of the runner's own environment, not in envp.
	 */
	char *const *argv;
	const char *path;	/* NULL, or the program's exact path */
	char *const *envp;	/* the child's whole environment; NULL: empty */
	const char *dir;	/* NULL, or the child's working directory
				   (a relative program path is then taken
				   from there: give absolute ones) */
	enum spawn_stdin in;
	int stdin_fd;		/* SPAWN_STDIN_FD: dup'd as the child's fd 0;
				   the caller keeps owning it */
	int merge_stderr;	/* nonzero: stderr goes to the stdout pipe and
				   spawn.err_fd is -1 */
};

/* Zero everything: /dev/null stdin, separate pipes, no path, no dir. */
#define SPAWN_OPTS_INIT { NULL, NULL, NULL, NULL, SPAWN_STDIN_NULL, -1, 0 }

/* A started child; the caller owns the pid (to reap) and every fd here. */
struct spawn {
	pid_t pid;	/* also its process group id */
	int out_fd;	/* read end of the child's stdout (non-blocking) */
	int err_fd;	/* read end of its stderr, or -1 with merge_stderr */
	int in_fd;	/* write end of its stdin with SPAWN_STDIN_PIPE, else -1 */
};

/*
 * Start the child described by o and fill sp.  Returns 0, or -1 with errno
 * set and nothing left open: ENOENT when the program is not found (also
 * EACCES, ENOEXEC, ENOTDIR... from the exec, or from chdir to dir), as
 * reported by posix_spawn itself, never as a child exiting with 127;
 * EMFILE and friends from pipe2 or open.
 */
int spawn_start(const struct spawn_opts *o, struct spawn *sp);

#endif
