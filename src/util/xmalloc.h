/* Allocation that never fails: out of memory ends the program. */
#ifndef RF_UTIL_XMALLOC_H
#define RF_UTIL_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Print "runflow: fatal: ..." to stderr and abort(); for impossible states. */
void fatal(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Return a malloc'd formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Ask the kernel to back the huge-page-aligned part of [mem, mem + n) with
 * transparent huge pages, before it is written: a region of hundreds of
 * megabytes then costs a few hundred page faults instead of a hundred
 * thousand.  Only a hint: regions under two huge pages are left alone, and
 * where huge pages are off (or not Linux) nothing changes.
 */
void mem_hint_huge(void *mem, size_t n);
char *xvasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

#endif
