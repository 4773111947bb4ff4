/*
 * bench/spawn-floor: the least a runner can do per task.  Spawns PROGRAM
 * with ARGS N times, one after the other, with stdout and stderr on pipes
 * drained by poll() and stdin from /dev/null, and waits for each.  Prints
 * the total and the time per run, the floor that benchmarks of runflow
 * divide by.
 *
 *   usage: spawn-floor N PROGRAM [ARGS...]
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Print "spawn-floor: message" and exit 1. */
static void
die(const char *what, int err)
{
	fprintf(stderr, "spawn-floor: %s: %s\n", what, strerror(err));
	exit(1);
}

/* Seconds on the monotonic clock. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run argv once; returns its wait status. */
static int
run_once(char **argv)
{
	posix_spawn_file_actions_t fa;
	struct pollfd pfd[2];
	char chunk[65536];
	int out[2], err[2], st, rc, open_fds, i;
	ssize_t n;
	pid_t pid;

	if (pipe2(out, O_CLOEXEC) == -1 || pipe2(err, O_CLOEXEC) == -1)
		die("pipe2", errno);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		die(argv[0], rc);
	close(out[1]);
	close(err[1]);

	pfd[0].fd = out[0];
	pfd[1].fd = err[0];
	pfd[0].events = pfd[1].events = POLLIN;
	for (open_fds = 2; open_fds > 0;) {
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			die("poll", errno);
		}
		for (i = 0; i < 2; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			n = read(pfd[i].fd, chunk, sizeof chunk);
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				open_fds--;
			}
		}
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			die("waitpid", errno);
	return st;
}

int
main(int argc, char **argv)
{
	double start, total;
	long runs, i;
	char *end;
	int st;

	if (argc < 3) {
		fprintf(stderr, "usage: spawn-floor N PROGRAM [ARGS...]\n");
		return 2;
	}
	errno = 0;
	runs = strtol(argv[1], &end, 10);
	if (errno != 0 || *end != '\0' || runs < 1) {
		fprintf(stderr, "spawn-floor: bad count '%s'\n", argv[1]);
		return 2;
	}
	start = now();
	for (i = 0; i < runs; i++) {
		st = run_once(argv + 2);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "spawn-floor: run %ld of '%s' failed "
			    "(status %#x)\n", i + 1, argv[2], (unsigned)st);
			return 1;
		}
	}
	total = now() - start;
	printf("runs=%ld seconds=%.6f per_run_ms=%.4f\n", runs, total,
	    total * 1000 / (double)runs);
	return 0;
}
