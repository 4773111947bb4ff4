/*
 * tests/bin/docker: a stand-in for the docker CLI in runflow's tests.  It
 * records how it was called and plays back scripted behaviour; it never
 * runs a shell.  tests/bin/README.md describes the same scheme with
 * examples.
 *
 * Environment
 *   FAKE_DOCKER_LOG      folder for the records (created if missing);
 *                        unset: nothing is recorded
 *   FAKE_DOCKER_SCRIPT   folder of script files; unset: no script
 *   FAKE_DOCKER_VERSION  the line `--version` and `version` print
 *                        (default "Docker version 28.2.2, build e6534b4")
 *
 * Records, in FAKE_DOCKER_LOG.  Invocations are numbered from 1 in the
 * order they start (a counter under flock, so concurrent ones never clash);
 * NNNN is that number with at least four digits (0001).
 *   NNNN.argv    the arguments after the program name, each followed by NUL
 *   NNNN.env     the environment, each entry followed by NUL
 *   NNNN.meta    key=value lines: argv0, pid, ppid, pgid, subcommand, start;
 *                when it ends: end and exit=N (or signal=PIPE when it died
 *                writing to a closed pipe).  Times are CLOCK_MONOTONIC
 *                seconds with nine decimals, comparable across processes.
 *   NNNN.signal  one line per signal taken: "TERM", "INT", "TERM ignored",
 *                "container KILL" (from a fake `docker kill`, below), ...
 *   NNNN.stdin   what it read on stdin (only with the record-stdin part)
 *   seq          the last number handed out
 *   running      `run` invocations started and not yet ended (one killed
 *                with SIGKILL stays counted)
 *   max_running  the highest value `running` has had
 *   containers/ID  "running PID" or "exited CODE" for each fake container
 *
 * Subcommand: the first argument that is not a global option or a global
 * option's value (--config, -c/--context, -H/--host, -l/--log-level and
 * --tls{cacert,cert,key} take one); `-v` or `--version` before it counts
 * as "version".  It is empty when there is none.
 *
 * Script, in FAKE_DOCKER_SCRIPT.  Each part below is looked up on its own
 * for invocation N as the file N.PART (N without leading zeros), else
 * SUB.PART (SUB the subcommand), else default.PART.  N.PART needs
 * FAKE_DOCKER_LOG, where the numbers come from.
 *   stdout, stderr              bytes written as they are
 *   stdout-bytes, stderr-bytes  a count: that many bytes of the pattern in
 *                               testbin.h, written in 64 KiB pieces
 *   steps                       lines played in order, after the above:
 *                                 out TEXT / err TEXT   TEXT and a newline
 *                                 outn TEXT / errn TEXT TEXT alone
 *                                 outbytes N / errbytes N  pattern bytes
 *                                 sleep SECONDS
 *                               TEXT takes \\ \n \t \r \0 \xHH escapes;
 *                               empty lines and lines starting with #
 *                               are skipped
 *   delay                       seconds (decimals allowed) to wait after
 *                               the output, before exiting
 *   exit                        the exit status, 0 to 255 (default 0)
 *   cid                         run/create: the container id to use
 *   no-cid                      run/create: no cidfile and no container
 *                               (a failed create)
 *   ignore-term                 SIGTERM is recorded but does not end it
 *   record-stdin                read stdin to EOF into NNNN.stdin first
 * Patterns continue across parts: stdout-bytes then `outbytes` in steps
 * give one unbroken pattern.  The order of play is: cidfile, stdin, stdout,
 * stdout-bytes, stderr, stderr-bytes, steps, delay, exit.
 *
 * Built-in behaviour
 *   run, create  with --cidfile=PATH or --cidfile PATH before the image:
 *                refuse an existing PATH like docker (message, exit 125),
 *                else write the container id there, no newline.  The id is
 *                "fa4ed0c4" and the invocation number in hex, zero-padded
 *                to 64 digits (the pid when there is no log folder).  `run`
 *                also registers the container in containers/ID, removed at
 *                the end when --rm was given.
 *   version, kill, rm, stop  have built-in output: `version` prints the
 *                version line; kill/rm/stop act on registered containers
 *                like docker (kill sends -s SIG, default KILL; stop sends
 *                TERM and KILL after -t seconds, default 10; rm needs -f
 *                for a running one), printing each name given or docker's
 *                "No such container" error and exit 1.  A fake container
 *                "receives" SIG by its `run` process recording "container
 *                SIG" and exiting 128+SIG.  For these commands default.*
 *                is not consulted, and any output part (stdout, stderr,
 *                stdout-bytes, stderr-bytes, steps, delay, exit) found in
 *                N.* or SUB.* replaces the built-in behaviour entirely.
 *   signals      SIGTERM or SIGINT while it writes or waits: recorded in
 *                NNNN.signal, then exit 143 or 130, as a container the CLI
 *                forwarded the signal to would (SIGTERM only recorded with
 *                ignore-term).  A closed output pipe: it dies by SIGPIPE
 *                silently, as the Go CLI does.
 *   Errors of the fake itself (an unreadable or malformed script file, an
 *   unwritable log folder) print "fake-docker: ..." and exit 99.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
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

#define FAKE_FAILED     99
#define DEFAULT_VERSION "Docker version 28.2.2, build e6534b4"
#define CID_PREFIX      "fa4ed0c4"
#define CHUNK           (64 * 1024)

extern char **environ;

static const char *log_dir;     /* FAKE_DOCKER_LOG, or NULL */
static const char *script_dir;  /* FAKE_DOCKER_SCRIPT, or NULL */
static unsigned long seq;       /* this invocation's number; 0: not logged */
static const char *subcmd = ""; /* the docker subcommand, or "" */
static int counted;             /* counted in `running` */
static int use_default = 1;     /* default.* may be consulted */
static int ignore_term;         /* the ignore-term part exists */
static char container[80];      /* registered container id, or "" */
static int container_rm;        /* run --rm: unregister at the end */
static uint64_t out_offset, err_offset; /* pattern positions */

/* Signals are blocked except while waiting in ppoll() with this mask. */
static sigset_t wait_mask;
static volatile sig_atomic_t got_term, got_int, got_container;

static void finish(int code) __attribute__((noreturn));

/* Print "fake-docker: message" and exit FAKE_FAILED. */
static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("fake-docker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(FAKE_FAILED);
}

/* Format a path into buf, which has PATH_MAX bytes. */
static char *__attribute__((format(printf, 2, 3)))
path_fmt(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, PATH_MAX, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= PATH_MAX)
		die("path too long");
	return buf;
}

/* Note a signal; the main flow acts on it in signals_check(). */
static void
on_signal(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (sig == SIGTERM) {
		got_term = 1;
	} else if (sig == SIGINT) {
		got_int = 1;
	} else if (sig == SIGUSR1) {
		/* A fake `docker kill` queues the container's signal. */
		if (si->si_code == SI_QUEUE && si->si_value.sival_int > 0)
			got_container = si->si_value.sival_int;
		else
			got_container = SIGKILL;
	}
}

/* Catch TERM, INT and USR1 but keep them blocked outside ppoll(). */
static void
signals_setup(void)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &block, &wait_mask) == -1 ||
	    sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGINT, &sa, NULL) == -1 ||
	    sigaction(SIGUSR1, &sa, NULL) == -1)
		die("cannot set up signals: %s", strerror(errno));
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGUSR1);
	/* EPIPE is handled in out_write(); see broken_pipe(). */
	signal(SIGPIPE, SIG_IGN);
}

/* Write all of buf to a log file descriptor. */
static void
log_write(int fd, const void *buf, size_t n, const char *what)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			die("cannot write '%s': %s", what, strerror(errno));
		p += w;
		n -= (size_t)w;
	}
}

/* Open a log file NNNN.suffix with the given flags. */
static int
log_open(const char *suffix, int flags)
{
	char path[PATH_MAX];
	int fd;

	path_fmt(path, "%s/%04lu.%s", log_dir, seq, suffix);
	fd = open(path, flags | O_WRONLY | O_CLOEXEC, 0644);
	if (fd == -1)
		die("cannot open '%s': %s", path, strerror(errno));
	return fd;
}

/* Append one formatted line to NNNN.suffix, when logging. */
static void __attribute__((format(printf, 2, 3)))
log_line(const char *suffix, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int fd, n;

	if (seq == 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		die("log line too long");
	line[n++] = '\n';
	fd = log_open(suffix, O_CREAT | O_APPEND);
	log_write(fd, line, (size_t)n, suffix);
	close(fd);
}

/* Take (or, with LOCK_UN, give back) the log folder's lock. */
static int
lock_take(void)
{
	char path[PATH_MAX];
	int fd;

	fd = open(path_fmt(path, "%s/lock", log_dir),
	    O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd == -1)
		die("cannot open '%s': %s", path, strerror(errno));
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR)
			die("cannot lock '%s': %s", path, strerror(errno));
	return fd;
}

/* Read a number kept in a file of the log folder; 0 if it is missing. */
static unsigned long
counter_read(const char *name)
{
	char path[PATH_MAX], text[32];
	ssize_t n;
	int fd;

	fd = open(path_fmt(path, "%s/%s", log_dir, name), O_RDONLY | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT)
		return 0;
	if (fd == -1)
		die("cannot open '%s': %s", path, strerror(errno));
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		die("cannot read '%s': %s", path, strerror(errno));
	text[n] = '\0';
	return strtoul(text, NULL, 10);
}

/* Store a number in a file of the log folder (the lock is held). */
static void
counter_write(const char *name, unsigned long value)
{
	char path[PATH_MAX], text[32];
	int fd, n;

	fd = open(path_fmt(path, "%s/%s", log_dir, name),
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		die("cannot open '%s': %s", path, strerror(errno));
	n = snprintf(text, sizeof(text), "%lu\n", value);
	log_write(fd, text, (size_t)n, name);
	close(fd);
}

/* Write "name=seconds.nanoseconds" for the monotonic clock now. */
static void
log_time(const char *name)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	log_line(
	    "meta", "%s=%lld.%09ld", name, (long long)ts.tv_sec, ts.tv_nsec);
}

/* Number this invocation and record its argv, environment and meta. */
static void
log_start(int argc, char **argv)
{
	char **e;
	int fd, lock, i;
	unsigned long running;

	if (mkdir(log_dir, 0755) == -1 && errno != EEXIST)
		die("cannot create '%s': %s", log_dir, strerror(errno));
	lock = lock_take();
	seq = counter_read("seq") + 1;
	counter_write("seq", seq);
	if (strcmp(subcmd, "run") == 0) {
		counted = 1;
		running = counter_read("running") + 1;
		counter_write("running", running);
		if (running > counter_read("max_running"))
			counter_write("max_running", running);
	}
	close(lock);

	fd = log_open("argv", O_CREAT | O_EXCL);
	for (i = 1; i < argc; i++)
		log_write(fd, argv[i], strlen(argv[i]) + 1, "argv");
	close(fd);
	fd = log_open("env", O_CREAT | O_EXCL);
	for (e = environ; *e != NULL; e++)
		log_write(fd, *e, strlen(*e) + 1, "env");
	close(fd);
	log_line("meta", "argv0=%s", argv[0]);
	log_line("meta", "pid=%ld", (long)getpid());
	log_line("meta", "ppid=%ld", (long)getppid());
	log_line("meta", "pgid=%ld", (long)getpgrp());
	log_line("meta", "subcommand=%s", subcmd);
	log_time("start");
}

/*
 * Set a fake container's state file to text, atomically for readers.  With
 * create 0, only if the file still exists (a fake `rm` may have removed it).
 */
static void
container_set(const char *id, const char *text, int create)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	int lock, fd;

	path_fmt(path, "%s/containers", log_dir);
	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		die("cannot create '%s': %s", path, strerror(errno));
	lock = lock_take();
	path_fmt(path, "%s/containers/%s", log_dir, id);
	if (create || access(path, F_OK) == 0) {
		path_fmt(
		    tmp, "%s/containers/.%s.%ld", log_dir, id, (long)getpid());
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd == -1)
			die("cannot open '%s': %s", tmp, strerror(errno));
		log_write(fd, text, strlen(text), tmp);
		close(fd);
		if (rename(tmp, path) == -1)
			die("cannot rename '%s': %s", tmp, strerror(errno));
	}
	close(lock);
}

/* Remove a fake container's state file. */
static void
container_remove(const char *id)
{
	char path[PATH_MAX];
	int lock;

	lock = lock_take();
	unlink(path_fmt(path, "%s/containers/%s", log_dir, id));
	close(lock);
}

/*
 * Record the end: the meta lines (how it ended), the running count and the
 * container's state "exited CODE".
 */
static void
log_end(const char *how, int code)
{
	char text[32];
	int lock;
	unsigned long running;

	if (seq == 0)
		return;
	log_time("end");
	log_line("meta", "%s", how);
	lock = lock_take();
	if (counted) {
		running = counter_read("running");
		counter_write("running", running > 0 ? running - 1 : 0);
		counted = 0;
	}
	close(lock);
	if (container[0] != '\0' && container_rm) {
		container_remove(container);
	} else if (container[0] != '\0') {
		snprintf(text, sizeof(text), "exited %d\n", code);
		container_set(container, text, 0);
	}
}

/* Exit with code after recording the end. */
static void
finish(int code)
{
	char how[32];

	snprintf(how, sizeof(how), "exit=%d", code);
	log_end(how, code);
	exit(code);
}

/* The reader of stdout or stderr went away: die by SIGPIPE like docker. */
static void __attribute__((noreturn)) broken_pipe(void)
{
	sigset_t set;

	log_end("signal=PIPE", 128 + SIGPIPE);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGPIPE);
	_exit(128 + SIGPIPE);
}

/* Act on the signals noted by on_signal(): record them, maybe exit. */
static void
signals_check(void)
{
	int sig;

	if (got_container != 0) {
		sig = got_container;
		got_container = 0;
		if (sig == SIGTERM && ignore_term) {
			log_line("signal", "container TERM ignored");
		} else {
			log_line("signal", "container %s", sig_name(sig));
			finish(128 + sig);
		}
	}
	if (got_term) {
		got_term = 0;
		if (ignore_term) {
			log_line("signal", "TERM ignored");
		} else {
			log_line("signal", "TERM");
			finish(128 + SIGTERM);
		}
	}
	if (got_int) {
		got_int = 0;
		log_line("signal", "INT");
		finish(128 + SIGINT);
	}
}

/*
 * Wait until fd is ready for events, taking signals meanwhile.  With
 * fd -1, just wait until the deadline (an absolute CLOCK_MONOTONIC time).
 */
static void
wait_ready(int fd, short events, const struct timespec *deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	struct timespec now, left;

	for (;;) {
		signals_check();
		if (deadline != NULL) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left.tv_sec = deadline->tv_sec - now.tv_sec;
			left.tv_nsec = deadline->tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_nsec += 1000000000L;
				left.tv_sec--;
			}
			if (left.tv_sec < 0)
				return;
		}
		switch (ppoll(fd == -1 ? NULL : &pfd, fd == -1 ? 0 : 1,
		    deadline != NULL ? &left : NULL, &wait_mask)) {
		case -1:
			if (errno != EINTR)
				die("ppoll: %s", strerror(errno));
			break;
		case 0:
			if (fd == -1)
				continue; /* re-check the clock */
			return;
		default:
			return;
		}
	}
}

/* Wait for the given number of seconds, taking signals meanwhile. */
static void
pause_for(double seconds)
{
	struct timespec deadline;
	long long ns = (long long)(seconds * 1e9 + 0.5);

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += (time_t)(ns / 1000000000);
	deadline.tv_nsec += (long)(ns % 1000000000);
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_nsec -= 1000000000L;
		deadline.tv_sec++;
	}
	wait_ready(-1, 0, &deadline);
}

/*
 * Write all of buf to stdout or stderr.  Each write is at most PIPE_BUF
 * bytes after poll() said the fd is writable, so a pipe never blocks it
 * with signals masked.
 */
static void
out_write(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		wait_ready(fd, POLLOUT, NULL);
		w = write(fd, p, n < PIPE_BUF ? n : PIPE_BUF);
		if (w == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (errno == EPIPE)
				broken_pipe();
			die("cannot write to fd %d: %s", fd, strerror(errno));
		}
		p += w;
		n -= (size_t)w;
	}
	signals_check();
}

/* Write count bytes of the stream's pattern, continuing its offset. */
static void
out_pattern(int fd, uint64_t count)
{
	static char buf[CHUNK];
	const char *pattern =
	    fd == STDOUT_FILENO ? PATTERN_STDOUT : PATTERN_STDERR;
	uint64_t *offset = fd == STDOUT_FILENO ? &out_offset : &err_offset;
	size_t n;

	while (count > 0) {
		n = count < CHUNK ? (size_t)count : CHUNK;
		pattern_fill(buf, n, pattern, *offset);
		out_write(fd, buf, n);
		*offset += n;
		count -= n;
	}
}

/* The path of a script part for this invocation, or NULL if none. */
static const char *
script_find(const char *part, int with_default)
{
	static char path[PATH_MAX];

	if (script_dir == NULL)
		return NULL;
	path_fmt(path, "%s/%lu.%s", script_dir, seq, part);
	if (seq != 0 && access(path, F_OK) == 0)
		return path;
	path_fmt(path, "%s/%s.%s", script_dir, subcmd, part);
	if (subcmd[0] != '\0' && access(path, F_OK) == 0)
		return path;
	path_fmt(path, "%s/default.%s", script_dir, part);
	if (with_default && access(path, F_OK) == 0)
		return path;
	return NULL;
}

/* Read a whole file into a NUL-terminated heap string. */
static char *
file_slurp(const char *path, size_t *lenp)
{
	char *data = NULL;
	size_t len = 0, alloc = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		die("cannot open '%s': %s", path, strerror(errno));
	for (;;) {
		if (alloc - len < 4096) {
			alloc = alloc ? alloc * 2 : 8192;
			if ((data = realloc(data, alloc)) == NULL)
				die("out of memory");
		}
		n = read(fd, data + len, alloc - len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			die("cannot read '%s': %s", path, strerror(errno));
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	data[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return data;
}

/* The text of a small script part with blanks trimmed, or NULL (free it). */
static char *
script_text(const char *part, int with_default)
{
	const char *path = script_find(part, with_default);
	char *text, *start, *end;

	if (path == NULL)
		return NULL;
	text = file_slurp(path, NULL);
	start = text + strspn(text, " \t\r\n");
	end = start + strlen(start);
	while (end > start && strchr(" \t\r\n", end[-1]) != NULL)
		end--;
	*end = '\0';
	memmove(text, start, (size_t)(end - start) + 1);
	return text;
}

/* Parse a byte count; what names it in the error. */
static uint64_t
parse_count(const char *text, const char *what)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(text, &end, 10);
	if (*text < '0' || *text > '9' || *end != '\0' || errno != 0)
		die("%s: bad byte count '%s'", what, text);
	return n;
}

/* Parse a number of seconds, decimals allowed. */
static double
parse_seconds(const char *text, const char *what)
{
	double s;
	char *end;

	errno = 0;
	s = strtod(text, &end);
	if (*text < '0' || *text > '9' || *end != '\0' || errno != 0 ||
	    !isfinite(s) || s > 1e6)
		die("%s: bad number of seconds '%s'", what, text);
	return s;
}

/* Copy a script file to stdout or stderr. */
static void
play_file(const char *path, int out)
{
	static char buf[CHUNK];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		die("cannot open '%s': %s", path, strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			die("cannot read '%s': %s", path, strerror(errno));
		out_write(out, buf, (size_t)n);
	}
	close(fd);
}

/* Decode the escapes of a steps TEXT in place; returns its length. */
static size_t
unescape(char *text, const char *where)
{
	/* \0 maps to the terminating NUL of escaped[]. */
	static const char escapes[] = "\\ntr0", escaped[] = "\\\n\t\r";
	char *in = text, *out = text, hex[3];
	const char *esc;

	while (*in != '\0') {
		if (*in != '\\') {
			*out++ = *in++;
			continue;
		}
		if (in[1] != '\0' && (esc = strchr(escapes, in[1])) != NULL) {
			*out++ = escaped[esc - escapes];
			in += 2;
			continue;
		}
		if (in[1] == 'x' && isxdigit((unsigned char)in[2]) &&
		    isxdigit((unsigned char)in[3])) {
			hex[0] = in[2];
			hex[1] = in[3];
			hex[2] = '\0';
			*out++ = (char)strtoul(hex, NULL, 16);
			in += 4;
			continue;
		}
		die("%s: bad escape '\\%.1s' (use \\\\ \\n \\t \\r \\0 \\xHH)",
		    where, in + 1);
	}
	*out = '\0';
	return (size_t)(out - text);
}

/* Play a steps file line by line. */
static void
play_steps(const char *path)
{
	char *text = file_slurp(path, NULL), *line, *next, *arg, where[64];
	const char *name;
	int lineno = 0, fd;
	size_t n;

	for (line = text; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		snprintf(where, sizeof(where), "steps line %d", lineno);
		if ((arg = strchr(line, ' ')) != NULL)
			*arg++ = '\0';
		else
			arg = line + strlen(line);
		name = line;
		fd = name[0] == 'e' ? STDERR_FILENO : STDOUT_FILENO;
		if (strcmp(name, "out") == 0 || strcmp(name, "err") == 0 ||
		    strcmp(name, "outn") == 0 || strcmp(name, "errn") == 0) {
			n = unescape(arg, where);
			if (name[3] != 'n')
				arg[n++] = '\n'; /* the NUL is not needed */
			out_write(fd, arg, n);
		} else if (strcmp(name, "outbytes") == 0 ||
			   strcmp(name, "errbytes") == 0) {
			out_pattern(fd, parse_count(arg, where));
		} else if (strcmp(name, "sleep") == 0) {
			pause_for(parse_seconds(arg, where));
		} else {
			die("%s: unknown step '%s'", where, name);
		}
	}
	free(text);
}

/* Read stdin to EOF into NNNN.stdin (or nowhere when not logging). */
static void
record_stdin(void)
{
	static char buf[CHUNK];
	ssize_t n;
	int fd = seq != 0 ? log_open("stdin", O_CREAT | O_TRUNC) : -1;

	for (;;) {
		wait_ready(STDIN_FILENO, POLLIN, NULL);
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n == -1)
			die("cannot read stdin: %s", strerror(errno));
		if (n == 0)
			break;
		if (fd != -1)
			log_write(fd, buf, (size_t)n, "stdin");
	}
	if (fd != -1)
		close(fd);
}

/* Find the subcommand; *next is set to the index after it. */
static const char *
find_subcommand(int argc, char **argv, int *next)
{
	static const char *const with_value[] = { "--config", "-c", "--context",
		"-H", "--host", "-l", "--log-level", "--tlscacert", "--tlscert",
		"--tlskey", NULL };
	const char *const *v;
	int i;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0) {
			*next = i + 1;
			return argv[i];
		}
		if (strcmp(argv[i], "--") == 0) {
			*next = i + 2;
			return i + 1 < argc ? argv[i + 1] : "";
		}
		if (strcmp(argv[i], "-v") == 0 ||
		    strcmp(argv[i], "--version") == 0) {
			*next = i + 1;
			return "version";
		}
		for (v = with_value; *v != NULL; v++)
			if (strcmp(argv[i], *v) == 0)
				i++;
	}
	*next = argc;
	return "";
}

/* Whether a long `docker run` option takes no value (name without --). */
static int
run_flag_is_bool(const char *name)
{
	static const char *const bools[] = { "detach", "interactive", "tty",
		"rm", "privileged", "init", "read-only", "publish-all",
		"no-healthcheck", "oom-kill-disable", "disable-content-trust",
		"sig-proxy", "help", "quiet", "use-api-socket", NULL };
	const char *const *b;

	for (b = bools; *b != NULL; b++)
		if (strcmp(name, *b) == 0)
			return 1;
	return 0;
}

/*
 * Scan the options of `run`/`create` (they end at the image, as docker
 * does not intersperse) for --cidfile and --rm.  Short options with a
 * value are a c e h l m p u v w; the others (d i t P q) take none.
 */
static const char *
run_options(int argc, char **argv, int from, int *rm)
{
	const char *cidfile = NULL, *opt, *eq;
	int i;

	*rm = 0;
	for (i = from; i < argc; i++) {
		opt = argv[i];
		if (opt[0] != '-' || strcmp(opt, "-") == 0 ||
		    strcmp(opt, "--") == 0)
			break;
		if (opt[1] == '-') {
			eq = strchr(opt, '=');
			if (strncmp(opt, "--cidfile=", 10) == 0)
				cidfile = opt + 10;
			else if (strcmp(opt, "--cidfile") == 0)
				cidfile = i + 1 < argc ? argv[++i] : NULL;
			else if (strcmp(opt, "--rm") == 0 ||
				 strcmp(opt, "--rm=true") == 0)
				*rm = 1;
			else if (strcmp(opt, "--rm=false") == 0)
				*rm = 0;
			else if (eq == NULL && !run_flag_is_bool(opt + 2))
				i++;
			continue;
		}
		for (opt++; *opt != '\0'; opt++) {
			if (strchr("acehlmpuvw", *opt) != NULL) {
				if (opt[1] == '\0')
					i++;
				break;
			}
		}
	}
	return cidfile;
}

/* Create the cidfile as docker does (or exit 125 like it); returns its fd. */
static int
cidfile_open(const char *path)
{
	struct stat st;
	int fd;

	if (stat(path, &st) == 0) {
		fprintf(stderr,
		    "docker: container ID file found, make sure "
		    "the other container isn't running or delete %s\n\n"
		    "Run 'docker run --help' for more information\n",
		    path);
		finish(125);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1) {
		fprintf(stderr,
		    "docker: failed to create the container ID "
		    "file: open %s: %s\n\n"
		    "Run 'docker run --help' for more information\n",
		    path, strerror(errno));
		finish(125);
	}
	return fd;
}

/*
 * run/create: like docker, create the cidfile, then the container (a fake
 * one is registered by `run` only), then write its id into the cidfile.
 */
static void
container_create(int argc, char **argv, int from)
{
	const char *cidfile;
	char id[sizeof(container)], *text, state[32];
	int fd = -1;

	cidfile = run_options(argc, argv, from, &container_rm);
	if ((text = script_text("no-cid", use_default)) != NULL) {
		free(text);
		return;
	}
	if (cidfile != NULL)
		fd = cidfile_open(cidfile);
	if ((text = script_text("cid", use_default)) != NULL) {
		if (text[0] == '\0' || text[0] == '.' ||
		    strchr(text, '/') != NULL || strlen(text) >= sizeof(id))
			die("cid: bad container id '%s'", text);
		snprintf(id, sizeof(id), "%s", text);
		free(text);
	} else {
		snprintf(id, sizeof(id), CID_PREFIX "%056lx",
		    seq != 0 ? seq : (unsigned long)getpid());
	}
	if (strcmp(subcmd, "run") == 0 && log_dir != NULL) {
		snprintf(state, sizeof(state), "running %ld\n", (long)getpid());
		container_set(id, state, 1);
		snprintf(container, sizeof(container), "%s", id);
	}
	if (fd != -1) {
		log_write(fd, id, strlen(id), cidfile);
		close(fd);
	}
}

/*
 * Look up a container by id or unique id prefix.  Returns 1 if it runs
 * (*pid set), 0 if it exited, -1 if there is none; the full id goes to id.
 */
static int
container_find(const char *name, char *id, size_t idsize, pid_t *pid)
{
	char path[PATH_MAX], text[64];
	struct dirent *de;
	DIR *dir;
	int found = 0, fd;
	size_t len;
	ssize_t n;
	long p = 0;

	if (log_dir == NULL || name[0] == '\0')
		return -1;
	if ((dir = opendir(path_fmt(path, "%s/containers", log_dir))) == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len >= idsize ||
		    strncmp(de->d_name, name, strlen(name)) != 0)
			continue;
		if (strcmp(de->d_name, name) == 0) {
			found = 1; /* an exact match wins */
			memcpy(id, de->d_name, len + 1);
			break;
		}
		if (found++ == 0)
			memcpy(id, de->d_name, len + 1);
	}
	closedir(dir);
	if (found != 1)
		return -1;
	/* It may be removed meanwhile; it is replaced only by rename(). */
	fd = open(path_fmt(path, "%s/containers/%s", log_dir, id),
	    O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	if (sscanf(text, "running %ld", &p) != 1)
		return 0;
	/* One killed with SIGKILL never wrote "exited". */
	if (kill((pid_t)p, 0) == -1 && errno == ESRCH)
		return 0;
	*pid = (pid_t)p;
	return 1;
}

/* Deliver sig to a fake container: its `run` process exits 128+sig. */
static void
container_signal(pid_t pid, int sig)
{
	union sigval v = { .sival_int = sig };

	if (sigqueue(pid, SIGUSR1, v) == -1 && errno != ESRCH)
		die("cannot signal pid %ld: %s", (long)pid, strerror(errno));
}

/* Wait up to seconds for a container to stop running; 1 if it did. */
static int
container_wait(const char *id, double seconds)
{
	char full[80];
	pid_t pid;
	double waited;

	for (waited = 0; waited < seconds; waited += 0.01) {
		if (container_find(id, full, sizeof(full), &pid) != 1)
			return 1;
		pause_for(0.01);
	}
	return container_find(id, full, sizeof(full), &pid) != 1;
}

/* Options of the built-in kill, rm and stop. */
struct container_opts {
	int sig;      /* the signal kill or stop sends first */
	double grace; /* stop: seconds before KILL */
	int force;    /* rm: kill a running one */
};

/* Apply option name (a short letter or a long name) with its value. */
static int
container_option(struct container_opts *o, const char *name, const char *val)
{
	if (strcmp(name, "s") == 0 || strcmp(name, "signal") == 0) {
		if ((o->sig = sig_parse(val)) == -1) {
			fprintf(stderr, "invalid signal: %s\n", val);
			return -1;
		}
	} else if (strcmp(name, "t") == 0 || strcmp(name, "time") == 0 ||
		   strcmp(name, "timeout") == 0) {
		o->grace = parse_seconds(val, "--time");
	}
	return 0;
}

/*
 * Parse the options of kill, rm and stop in argv[from..]; the container
 * names are left in argv with the options replaced by NULL.  Returns -1
 * after a message for a bad option value.
 */
static int
container_parse(struct container_opts *o, int argc, char **argv, int from)
{
	char name[2] = { 0, 0 }, *eq;
	const char *val, *opt;
	int i;

	for (i = from; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			argv[i] = NULL;
			break;
		}
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			continue;
		if (argv[i][1] == '-') {
			/* --name=value, --name value, or a flag */
			if ((eq = strchr(argv[i], '=')) != NULL)
				*eq = '\0';
			opt = argv[i] + 2;
			argv[i] = NULL;
			if (strcmp(opt, "force") == 0)
				o->force = 1;
			if (strcmp(opt, "signal") != 0 &&
			    strcmp(opt, "time") != 0 &&
			    strcmp(opt, "timeout") != 0)
				continue;
			if (eq != NULL) {
				val = eq + 1;
			} else if (i + 1 < argc) {
				val = argv[++i];
				argv[i] = NULL;
			} else {
				val = "";
			}
			if (container_option(o, opt, val) == -1)
				return -1;
			continue;
		}
		/* A cluster of short options: -f, -fv, -s KILL, -sKILL */
		for (val = argv[i] + 1; *val != '\0'; val++) {
			if (*val == 'f') {
				o->force = 1;
			} else if (*val == 's' || *val == 't') {
				name[0] = *val;
				if (val[1] == '\0' && i + 1 < argc) {
					argv[i] = NULL;
					val = argv[++i];
				} else {
					val++;
				}
				if (container_option(o, name, val) == -1)
					return -1;
				break;
			}
		}
		argv[i] = NULL;
	}
	return 0;
}

/* The built-in kill, rm and stop; returns the exit status. */
static int
builtin_container(int argc, char **argv, int from)
{
	struct container_opts o = { SIGTERM, 10, 0 };
	char id[80];
	int i, status = 0, state;
	int kill_cmd = strcmp(subcmd, "kill") == 0;
	int stop_cmd = strcmp(subcmd, "stop") == 0;
	pid_t pid;

	if (kill_cmd)
		o.sig = SIGKILL;
	if (container_parse(&o, argc, argv, from) == -1)
		return 1;
	for (i = from; i < argc; i++) {
		if (argv[i] == NULL)
			continue;
		state = container_find(argv[i], id, sizeof(id), &pid);
		if (state == -1) {
			fprintf(stderr,
			    "Error response from daemon: No such "
			    "container: %s\n",
			    argv[i]);
			status = 1;
			continue;
		}
		if (kill_cmd) {
			if (state == 0) {
				fprintf(stderr,
				    "Error response from daemon: "
				    "cannot kill container: %s: container %s "
				    "is not running\n",
				    argv[i], id);
				status = 1;
				continue;
			}
			container_signal(pid, o.sig);
		} else if (stop_cmd) {
			if (state == 1) {
				container_signal(pid, o.sig);
				if (!container_wait(id, o.grace))
					container_signal(pid, SIGKILL);
				container_wait(id, 5);
			}
		} else {
			if (state == 1 && !o.force) {
				fprintf(stderr,
				    "Error response from daemon: "
				    "cannot remove container \"%s\": container "
				    "is running: stop the container before "
				    "removing or force remove\n",
				    argv[i]);
				status = 1;
				continue;
			}
			if (state == 1)
				container_signal(pid, SIGKILL);
			container_remove(id);
		}
		out_write(STDOUT_FILENO, argv[i], strlen(argv[i]));
		out_write(STDOUT_FILENO, "\n", 1);
	}
	return status;
}

/* Whether any output part is scripted in N.* or SUB.* for this one. */
static int
script_has_output(void)
{
	static const char *const parts[] = { "stdout", "stderr", "stdout-bytes",
		"stderr-bytes", "steps", "delay", "exit", NULL };
	const char *const *p;

	for (p = parts; *p != NULL; p++)
		if (script_find(*p, 0) != NULL)
			return 1;
	return 0;
}

/* Play the scripted output parts, then the delay; returns the status. */
static int
play_script(void)
{
	const char *path;
	char *text;
	int code = 0;

	if ((path = script_find("stdout", use_default)) != NULL)
		play_file(path, STDOUT_FILENO);
	if ((text = script_text("stdout-bytes", use_default)) != NULL) {
		out_pattern(STDOUT_FILENO, parse_count(text, "stdout-bytes"));
		free(text);
	}
	if ((path = script_find("stderr", use_default)) != NULL)
		play_file(path, STDERR_FILENO);
	if ((text = script_text("stderr-bytes", use_default)) != NULL) {
		out_pattern(STDERR_FILENO, parse_count(text, "stderr-bytes"));
		free(text);
	}
	if ((path = script_find("steps", use_default)) != NULL)
		play_steps(path);
	if ((text = script_text("delay", use_default)) != NULL) {
		pause_for(parse_seconds(text, "delay"));
		free(text);
	}
	if ((text = script_text("exit", use_default)) != NULL) {
		char *end;
		long n = strtol(text, &end, 10);

		if (text[0] == '\0' || *end != '\0' || n < 0 || n > 255)
			die("exit: bad exit status '%s'", text);
		code = (int)n;
		free(text);
	}
	return code;
}

int
main(int argc, char **argv)
{
	const char *version;
	char *text;
	int next, builtin, code = 0;

	signals_setup();
	log_dir = getenv("FAKE_DOCKER_LOG");
	script_dir = getenv("FAKE_DOCKER_SCRIPT");
	if (log_dir != NULL && log_dir[0] == '\0')
		log_dir = NULL;
	if (script_dir != NULL && script_dir[0] == '\0')
		script_dir = NULL;
	if (argc < 1)
		die("no argv[0]");
	subcmd = find_subcommand(argc, argv, &next);
	if (log_dir != NULL)
		log_start(argc, argv);

	builtin = strcmp(subcmd, "version") == 0 ||
		  strcmp(subcmd, "kill") == 0 || strcmp(subcmd, "rm") == 0 ||
		  strcmp(subcmd, "stop") == 0;
	if (builtin) {
		use_default = 0;
		builtin = !script_has_output();
	}
	if ((text = script_text("ignore-term", use_default)) != NULL) {
		ignore_term = 1;
		free(text);
	}

	if (strcmp(subcmd, "run") == 0 || strcmp(subcmd, "create") == 0)
		container_create(argc, argv, next);
	if ((text = script_text("record-stdin", use_default)) != NULL) {
		free(text);
		record_stdin();
	}

	if (builtin && strcmp(subcmd, "version") == 0) {
		version = getenv("FAKE_DOCKER_VERSION");
		if (version == NULL)
			version = DEFAULT_VERSION;
		out_write(STDOUT_FILENO, version, strlen(version));
		out_write(STDOUT_FILENO, "\n", 1);
	} else if (builtin) {
		code = builtin_container(argc, argv, next);
	} else {
		code = play_script();
	}
	finish(code);
}
