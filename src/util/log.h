/*
 * Progress and warning lines on stderr, in runflow's format:
 *   [2021-06-12 15:14:01,654] Task "echo" is started.
 */
#ifndef RF_UTIL_LOG_H
#define RF_UTIL_LOG_H

#include <stdarg.h>

enum log_level {
	LOG_DEBUG,
	LOG_INFO,
	LOG_WARNING,
	LOG_ERROR,
	LOG_QUIET,	/* as a threshold: print nothing */
};

/* Parse "debug", "info", "warning", "error" or "quiet"; -1 when unknown. */
int log_level_parse(const char *name);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/*
 * Called before and after each line is written (the live status line
 * clears and redraws itself there); either may be NULL.
 */
typedef void (*log_hook_cb)(void *arg);
void log_set_hooks(log_hook_cb before, log_hook_cb after, void *arg);
/* Write "[timestamp] message" when level passes the threshold. */
void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void log_vmsg(enum log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Write "runflow: warning: message" (no timestamp) when warnings are shown. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Write prefix, the message and tail to stderr in one write, whatever the
 * level: the message's control characters escaped (tabs and newlines
 * kept), the hooks run around it.
 */
void log_vline(const char *prefix, const char *tail, const char *fmt,
    va_list ap) __attribute__((format(printf, 3, 0)));

#endif
