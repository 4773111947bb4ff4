/*
 * Shared pieces of the test kit programs: byte patterns and signal names
 * (see testbin.h).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "testbin.h"

_Static_assert(sizeof(PATTERN_STDOUT) == PATTERN_PERIOD + 1 &&
		   sizeof(PATTERN_STDERR) == PATTERN_PERIOD + 1,
    "pattern length");

static const struct {
	const char *name;
	int sig;
} sig_table[] = {
	{ "HUP", SIGHUP },
	{ "INT", SIGINT },
	{ "QUIT", SIGQUIT },
	{ "ILL", SIGILL },
	{ "TRAP", SIGTRAP },
	{ "ABRT", SIGABRT },
	{ "BUS", SIGBUS },
	{ "FPE", SIGFPE },
	{ "KILL", SIGKILL },
	{ "USR1", SIGUSR1 },
	{ "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE },
	{ "ALRM", SIGALRM },
	{ "TERM", SIGTERM },
	{ "CHLD", SIGCHLD },
	{ "CONT", SIGCONT },
	{ "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP },
	{ "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU },
	{ "URG", SIGURG },
	{ "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM },
	{ "PROF", SIGPROF },
	{ "WINCH", SIGWINCH },
	{ "SYS", SIGSYS },
};

/* Fill buf with n bytes of a pattern (one of the two above) from offset. */
void
pattern_fill(char *buf, size_t n, const char *pattern, uint64_t offset)
{
	size_t i, at = (size_t)(offset % PATTERN_PERIOD);

	for (i = 0; i < n; i++) {
		buf[i] = pattern[at];
		if (++at == PATTERN_PERIOD)
			at = 0;
	}
}

/* The number of a signal written as "TERM", "SIGTERM" or "15"; -1 if none. */
int
sig_parse(const char *name)
{
	size_t i;
	char *end;
	long n;

	if (*name >= '0' && *name <= '9') {
		n = strtol(name, &end, 10);
		return *end == '\0' && n > 0 && n < NSIG ? (int)n : -1;
	}
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (i = 0; i < sizeof(sig_table) / sizeof(sig_table[0]); i++)
		if (strcasecmp(name, sig_table[i].name) == 0)
			return sig_table[i].sig;
	return -1;
}

/* The short name of a signal ("TERM"), or its number as text if unknown. */
const char *
sig_name(int sig)
{
	static char num[16];
	size_t i;

	for (i = 0; i < sizeof(sig_table) / sizeof(sig_table[0]); i++)
		if (sig_table[i].sig == sig)
			return sig_table[i].name;
	snprintf(num, sizeof(num), "%d", sig);
	return num;
}
