/*
 * tests/bin/child: a process for spawn and capture tests to start.  Its
 * options are actions, carried out in the order given:
 *
 *   --stdout N       N bytes of the stdout pattern (testbin.h)
 *   --stderr N       N bytes of the stderr pattern; adjacent --stdout,
 *                    --stderr and --chunk options are written together,
 *                    interleaved in chunks (stdout's chunk first), and each
 *                    pattern goes on where the last one on that stream
 *                    stopped
 *   --chunk K        the chunk size (default 4096, at most 1 MiB)
 *   --print TEXT     TEXT and a newline on stdout
 *   --eprint TEXT    TEXT and a newline on stderr
 *   --sleep SECONDS  sleep (decimals allowed)
 *   --exit N         exit now with status N (the default: 0 at the end)
 *   --signal SIG     die now by SIG (a name like TERM or SIGTERM, or a
 *                    number), with its default action and unblocked
 *   --ignore-term    ignore SIGTERM from here on
 *   --close-stdout   close stdout (its reader sees EOF) and keep going
 *   --close-stderr   the same for stderr
 *   --pid            print "pid=P", "pgid=G" and "ppid=Q" lines on stdout
 *   --pidfile PATH   write those lines to PATH (complete when it appears)
 *   --env            print the environment, one NAME=value a line
 *   --env0           print the environment, each entry followed by NUL
 *   --argv0          print every argv element, each followed by NUL
 *   --cwd            print the working directory and a newline
 *   --cat            copy stdin to stdout until EOF
 *   --fds            print the open file descriptors: "0 1 2" and a newline
 *   --sigstate       print "blocked=" and "ignored=" lines listing the
 *                    signals blocked and ignored, by name, comma-separated
 *   --               the arguments after it are not options (for --argv0)
 *
 * A write to a pipe whose reader went away ends it silently: by SIGPIPE,
 * or with status 141 when SIGPIPE is ignored.  Bad options and other
 * errors of the helper itself print "child: ..." and exit 99.
 */
#include "config.h"

#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testbin.h"

#define CHILD_FAILED 99
#define MAX_CHUNK    (1024 * 1024)

extern char **environ;

static uint64_t out_offset, err_offset;   /* pattern positions */
static uint64_t pending_out, pending_err; /* output not yet written */
static size_t chunk = 4096;

/* Print "child: message" and exit CHILD_FAILED. */
static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("child: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(CHILD_FAILED);
}

/* Write all of buf to fd; a vanished reader ends the process quietly. */
static void
write_all(int fd, const void *buf, size_t n)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				/* A non-blocking fd was passed down to us. */
				poll(&pfd, 1, -1);
				continue;
			}
			if (errno == EPIPE)
				_exit(128 + SIGPIPE);
			die("cannot write to fd %d: %s", fd, strerror(errno));
		}
		p += w;
		n -= (size_t)w;
	}
}

/* Write a C string to stdout. */
static void
put(const char *s)
{
	write_all(STDOUT_FILENO, s, strlen(s));
}

/* Write count bytes of a stream's pattern and advance its offset. */
static void
write_pattern(int fd, uint64_t count)
{
	static char buf[MAX_CHUNK];
	const char *pattern =
	    fd == STDOUT_FILENO ? PATTERN_STDOUT : PATTERN_STDERR;
	uint64_t *offset = fd == STDOUT_FILENO ? &out_offset : &err_offset;
	size_t n;

	while (count > 0) {
		n = count < MAX_CHUNK ? (size_t)count : MAX_CHUNK;
		pattern_fill(buf, n, pattern, *offset);
		write_all(fd, buf, n);
		*offset += n;
		count -= n;
	}
}

/* Write the pending --stdout and --stderr bytes, chunk by chunk. */
static void
flush_pending(void)
{
	uint64_t n;

	while (pending_out > 0 || pending_err > 0) {
		n = pending_out < chunk ? pending_out : chunk;
		write_pattern(STDOUT_FILENO, n);
		pending_out -= n;
		n = pending_err < chunk ? pending_err : chunk;
		write_pattern(STDERR_FILENO, n);
		pending_err -= n;
	}
}

/* Parse a non-negative integer option value no larger than max. */
static uint64_t
parse_uint(const char *opt, const char *text, uint64_t max)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(text, &end, 10);
	if (*text < '0' || *text > '9' || *end != '\0' || errno != 0 || n > max)
		die("%s: bad number '%s'", opt, text);
	return n;
}

/* Sleep for a number of seconds, decimals allowed. */
static void
do_sleep(const char *text)
{
	struct timespec ts;
	char *end;
	double s;

	errno = 0;
	s = strtod(text, &end);
	if (*text < '0' || *text > '9' || *end != '\0' || errno != 0 ||
	    !(s <= 1e6))
		die("--sleep: bad number of seconds '%s'", text);
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1)
		if (errno != EINTR)
			die("nanosleep: %s", strerror(errno));
}

/* Die by a signal with its default action. */
static void __attribute__((noreturn)) do_signal(const char *name)
{
	struct sigaction sa;
	sigset_t set;
	int sig = sig_parse(name);

	if (sig == -1)
		die("--signal: unknown signal '%s'", name);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL); /* fails harmlessly for KILL and STOP */
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	die("--signal: still alive after SIG%s", sig_name(sig));
}

/* The "pid=", "pgid=" and "ppid=" lines. */
static void
pid_lines(char *buf, size_t size)
{
	snprintf(buf, size, "pid=%ld\npgid=%ld\nppid=%ld\n", (long)getpid(),
	    (long)getpgrp(), (long)getppid());
}

/* Write the pid lines to path, atomically through a rename. */
static void
write_pidfile(const char *path)
{
	char tmp[PATH_MAX], lines[128];
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp))
		die("--pidfile: path too long");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		die("cannot create '%s': %s", tmp, strerror(errno));
	pid_lines(lines, sizeof(lines));
	write_all(fd, lines, strlen(lines));
	if (close(fd) == -1 || rename(tmp, path) == -1)
		die("cannot write '%s': %s", path, strerror(errno));
}

/* Copy stdin to stdout until EOF. */
static void
do_cat(void)
{
	static char buf[65536];
	ssize_t n;

	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };

	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN) {
			/* A non-blocking fd was passed down to us. */
			poll(&pfd, 1, -1);
			continue;
		}
		if (n == -1)
			die("cannot read stdin: %s", strerror(errno));
		write_all(STDOUT_FILENO, buf, (size_t)n);
	}
}

/* Append s to the string in buf, which has size bytes. */
static void
append(char *buf, const char *s, size_t size)
{
	size_t len = strlen(buf);

	if (snprintf(buf + len, size - len, "%s", s) >= (int)(size - len))
		die("output line too long");
}

/* Print the open file descriptors in increasing order. */
static void
do_fds(void)
{
	char line[4096], num[16];
	struct dirent *de;
	DIR *dir;
	int fd, self, first = 1;

	if ((dir = opendir("/proc/self/fd")) == NULL)
		die("cannot open /proc/self/fd: %s", strerror(errno));
	self = dirfd(dir);
	line[0] = '\0';
	/* Probe every number up to the highest one listed, in order. */
	fd = -1;
	while ((de = readdir(dir)) != NULL)
		if (de->d_name[0] != '.' && atoi(de->d_name) > fd)
			fd = atoi(de->d_name);
	closedir(dir);
	for (int i = 0; i <= fd; i++) {
		if (i == self || fcntl(i, F_GETFD) == -1)
			continue;
		snprintf(num, sizeof(num), first ? "%d" : " %d", i);
		append(line, num, sizeof(line));
		first = 0;
	}
	append(line, "\n", sizeof(line));
	put(line);
}

/* Print the blocked and the ignored signals by name. */
static void
do_sigstate(void)
{
	char line[1024];
	struct sigaction sa;
	sigset_t blocked;
	int sig, first;

	sigprocmask(SIG_BLOCK, NULL, &blocked);
	line[0] = '\0';
	append(line, "blocked=", sizeof(line));
	for (sig = 1, first = 1; sig < NSIG; sig++) {
		if (sigismember(&blocked, sig) == 1) {
			if (!first)
				append(line, ",", sizeof(line));
			append(line, sig_name(sig), sizeof(line));
			first = 0;
		}
	}
	append(line, "\nignored=", sizeof(line));
	for (sig = 1, first = 1; sig < NSIG; sig++) {
		if (sigaction(sig, NULL, &sa) == 0 &&
		    sa.sa_handler == SIG_IGN) {
			if (!first)
				append(line, ",", sizeof(line));
			append(line, sig_name(sig), sizeof(line));
			first = 0;
		}
	}
	append(line, "\n", sizeof(line));
	put(line);
}

/* The value of option argv[*i], which must have one. */
static const char *
value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		die("%s needs a value", argv[*i]);
	return argv[++*i];
}

int
main(int argc, char **argv)
{
	char lines[128];
	const char *opt;
	char **e;
	int i;

	for (i = 1; i < argc; i++) {
		opt = argv[i];
		if (strcmp(opt, "--") == 0)
			break;
		if (strcmp(opt, "--stdout") == 0) {
			pending_out += parse_uint(
			    opt, value(argc, argv, &i), UINT64_MAX / 2);
			continue;
		}
		if (strcmp(opt, "--stderr") == 0) {
			pending_err += parse_uint(
			    opt, value(argc, argv, &i), UINT64_MAX / 2);
			continue;
		}
		if (strcmp(opt, "--chunk") == 0) {
			chunk = (size_t)parse_uint(
			    opt, value(argc, argv, &i), MAX_CHUNK);
			if (chunk == 0)
				die("--chunk: must be at least 1");
			continue;
		}
		flush_pending();
		if (strcmp(opt, "--print") == 0 ||
		    strcmp(opt, "--eprint") == 0) {
			int fd = opt[2] == 'p' ? STDOUT_FILENO : STDERR_FILENO;
			const char *text = value(argc, argv, &i);

			write_all(fd, text, strlen(text));
			write_all(fd, "\n", 1);
		} else if (strcmp(opt, "--sleep") == 0) {
			do_sleep(value(argc, argv, &i));
		} else if (strcmp(opt, "--exit") == 0) {
			exit((int)parse_uint(opt, value(argc, argv, &i), 255));
		} else if (strcmp(opt, "--signal") == 0) {
			do_signal(value(argc, argv, &i));
		} else if (strcmp(opt, "--ignore-term") == 0) {
			signal(SIGTERM, SIG_IGN);
		} else if (strcmp(opt, "--close-stdout") == 0) {
			close(STDOUT_FILENO);
		} else if (strcmp(opt, "--close-stderr") == 0) {
			close(STDERR_FILENO);
		} else if (strcmp(opt, "--pid") == 0) {
			pid_lines(lines, sizeof(lines));
			put(lines);
		} else if (strcmp(opt, "--pidfile") == 0) {
			write_pidfile(value(argc, argv, &i));
		} else if (strcmp(opt, "--env") == 0 ||
			   strcmp(opt, "--env0") == 0) {
			for (e = environ; *e != NULL; e++) {
				write_all(STDOUT_FILENO, *e, strlen(*e));
				write_all(STDOUT_FILENO,
				    opt[5] == '0' ? "" : "\n", 1);
			}
		} else if (strcmp(opt, "--argv0") == 0) {
			for (int j = 0; j < argc; j++)
				write_all(STDOUT_FILENO, argv[j],
				    strlen(argv[j]) + 1);
		} else if (strcmp(opt, "--cwd") == 0) {
			char cwd[PATH_MAX];

			if (getcwd(cwd, sizeof(cwd)) == NULL)
				die("getcwd: %s", strerror(errno));
			put(cwd);
			put("\n");
		} else if (strcmp(opt, "--cat") == 0) {
			do_cat();
		} else if (strcmp(opt, "--fds") == 0) {
			do_fds();
		} else if (strcmp(opt, "--sigstate") == 0) {
			do_sigstate();
		} else {
			die("unknown option '%s'", opt);
		}
	}
	flush_pending();
	return 0;
}
