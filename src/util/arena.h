/*
 * Arena allocation: many small objects with one lifetime, freed at once.
 * A flow's source text, tokens, AST and diagnostics live in one arena; the
 * values of one run in another.  Nothing allocated here is freed singly.
 */
#ifndef RF_UTIL_ARENA_H
#define RF_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;	/* block being filled, newest first */
	size_t total;			/* bytes handed out, for reports */
};

#define ARENA_INIT { NULL, 0 }

void arena_init(struct arena *a);
/* Free every block; the arena is empty and reusable afterwards. */
void arena_release(struct arena *a);
/* Return size bytes aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t size);
/* Return zeroed storage for nmemb objects of size bytes; checks overflow. */
void *arena_calloc(struct arena *a, size_t nmemb, size_t size);
/* Copy n bytes of s and a terminating NUL into the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif
