#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/utf8.h"

/*
 * The logger is process-wide state by nature (one stderr); it is set once
 * from the command line before any work starts.
 */
static enum log_level log_threshold = LOG_INFO;
static log_hook_cb log_before, log_after;
static void *log_hook_arg;

/* Map a level name to its value. */
int
log_level_parse(const char *name)
{
	static const char *const names[] = { "debug", "info", "warning",
		"error", "quiet" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i]) == 0)
			return (int)i;
	if (strcasecmp(name, "warn") == 0)
		return LOG_WARNING;
	return -1;
}

/* Set the lowest level that is printed. */
void
log_set_level(enum log_level level)
{
	log_threshold = level;
}

/* The lowest level that is printed. */
enum log_level
log_get_level(void)
{
	return log_threshold;
}

/* Install the hooks run around each line. */
void
log_set_hooks(log_hook_cb before, log_hook_cb after, void *arg)
{
	log_before = before;
	log_after = after;
	log_hook_arg = arg;
}

/*
 * Write prefix, the message and tail to stderr in one write, control
 * characters of the message escaped (values in it come from flows and
 * programs), with the hooks around it.
 */
void
log_vline(const char *prefix, const char *tail, const char *fmt, va_list ap)
{
	struct buf text = BUF_INIT, line = BUF_INIT;

	buf_vprintf(&text, fmt, ap);
	buf_puts(&line, prefix);
	utf8_escape_append(&line, buf_str(&text), text.len,
	    UTF8_KEEP_TAB | UTF8_KEEP_NEWLINE);
	buf_puts(&line, tail);
	if (log_before != NULL)
		log_before(log_hook_arg);
	fwrite(buf_str(&line), 1, line.len, stderr);
	if (log_after != NULL)
		log_after(log_hook_arg);
	buf_release(&text);
	buf_release(&line);
}

/* Write one timestamped line to stderr. */
void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	struct timeval tv;
	struct tm tm;
	char stamp[32], prefix[64];

	if (level < log_threshold)
		return;
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(prefix, sizeof(prefix), "[%s,%03ld] ", stamp,
	    (long)(tv.tv_usec / 1000));
	log_vline(prefix, "\n", fmt, ap);
}

/* Write one timestamped line to stderr. */
void
log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

/* Write a warning line without a timestamp. */
void
log_warn(const char *fmt, ...)
{
	va_list ap;

	if (LOG_WARNING < log_threshold)
		return;
	va_start(ap, fmt);
	log_vline("runflow: warning: ", "\n", fmt, ap);
	va_end(ap);
}
