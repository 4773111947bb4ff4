#include "config.h"

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/spawn.h"
#include "util/xmalloc.h"

static char *const spawn_noenv[] = { NULL };

/* Close *fd if open and mark it closed, keeping errno. */
static void
spawn_close(int *fd)
{
	int saved = errno;

	if (*fd != -1) {
		close(*fd);
		*fd = -1;
	}
	errno = saved;
}

/*
 * Make a close-on-exec pipe whose ends are both above 2.  If the runner
 * was started with fd 0, 1 or 2 closed, pipe2() can hand those out, and a
 * file action dup2(x, 1) would then clobber another pipe end before it is
 * dup'd itself.
 */
static int
spawn_pipe(int p[2])
{
	int i, fd;

	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		if (p[i] > 2)
			continue;
		fd = fcntl(p[i], F_DUPFD_CLOEXEC, 3);
		if (fd == -1) {
			spawn_close(&p[0]);
			spawn_close(&p[1]);
			return -1;
		}
		close(p[i]);
		p[i] = fd;
	}
	return 0;
}

/* Set O_NONBLOCK on fd. */
static int
spawn_nonblock(int fd)
{
	int fl;

	fl = fcntl(fd, F_GETFL);
	if (fl == -1 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return -1;
	return 0;
}

/* Spawn the child of o; see spawn.h. */
int
spawn_start(const struct spawn_opts *o, struct spawn *sp)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t mask, def;
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, inp[2] = { -1, -1 };
	int rc = 0;
	pid_t pid;

	if (o->argv == NULL || o->argv[0] == NULL)
		fatal("spawn_start: no program");
	if (o->in == SPAWN_STDIN_FD && o->stdin_fd < 0)
		fatal("spawn_start: no stdin fd");

	if (spawn_pipe(outp) == -1)
		return -1;
	if (!o->merge_stderr && spawn_pipe(errp) == -1)
		goto fail;
	if (o->in == SPAWN_STDIN_PIPE && spawn_pipe(inp) == -1)
		goto fail;

	if ((rc = posix_spawn_file_actions_init(&fa)) != 0) {
		errno = rc;
		goto fail;
	}
	if ((rc = posix_spawnattr_init(&attr)) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		errno = rc;
		goto fail;
	}

	/*
	 * File actions run in order in the child.  The pipe ends are all
	 * above 2 (spawn_pipe), so no dup2 onto 0-2 clobbers a later
	 * source, and being close-on-exec they vanish at the exec; dup2
	 * clears close-on-exec on the copies.
	 */
	switch (o->in) {
	case SPAWN_STDIN_NULL:
		rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null",
		    O_RDONLY, 0);
		break;
	case SPAWN_STDIN_FD:
		rc = posix_spawn_file_actions_adddup2(&fa, o->stdin_fd, 0);
		break;
	case SPAWN_STDIN_PIPE:
		rc = posix_spawn_file_actions_adddup2(&fa, inp[0], 0);
		break;
	}
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa,
		    o->merge_stderr ? outp[1] : errp[1], 2);
	if (rc == 0 && o->dir != NULL)
		rc = posix_spawn_file_actions_addchdir_np(&fa, o->dir);

	/* An empty mask and default dispositions (SIGPIPE included). */
	sigemptyset(&mask);
	sigfillset(&def);
	if (rc == 0)
		rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
		    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(&attr, &mask);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(&attr, &def);
	if (rc == 0)
		rc = posix_spawnattr_setpgroup(&attr, 0);

	/*
	 * glibc reports a failed exec (ENOENT, EACCES...) or a failed file
	 * action as posix_spawn's return value and reaps that child itself.
	 */
	if (rc == 0) {
		if (o->path != NULL)
			rc = posix_spawn(&pid, o->path, &fa, &attr, o->argv,
			    o->envp != NULL ? o->envp : spawn_noenv);
		else
			rc = posix_spawnp(&pid, o->argv[0], &fa, &attr, o->argv,
			    o->envp != NULL ? o->envp : spawn_noenv);
	}
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		errno = rc;
		goto fail;
	}

	spawn_close(&outp[1]);
	spawn_close(&errp[1]);
	spawn_close(&inp[0]);
	if (spawn_nonblock(outp[0]) == -1 ||
	    (errp[0] != -1 && spawn_nonblock(errp[0]) == -1) ||
	    (inp[1] != -1 && spawn_nonblock(inp[1]) == -1))
		fatal("cannot make a pipe non-blocking: %s", strerror(errno));

	sp->pid = pid;
	sp->out_fd = outp[0];
	sp->err_fd = errp[0];
	sp->in_fd = inp[1];
	return 0;

fail:
	spawn_close(&outp[0]);
	spawn_close(&outp[1]);
	spawn_close(&errp[0]);
	spawn_close(&errp[1]);
	spawn_close(&inp[0]);
	spawn_close(&inp[1]);
	return -1;
}
