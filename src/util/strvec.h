/* A NULL-terminated, growable vector of owned strings (argv, envp). */
#ifndef RF_UTIL_STRVEC_H
#define RF_UTIL_STRVEC_H

#include <stddef.h>

struct strvec {
	char **v;	/* NULL-terminated once anything was pushed */
	size_t n;
	size_t alloc;
};

#define STRVEC_INIT { NULL, 0, 0 }

void strvec_init(struct strvec *sv);
/* Free every string and the vector. */
void strvec_release(struct strvec *sv);
/* Append a copy of s. */
void strvec_push(struct strvec *sv, const char *s);
/* Append a copy of the n bytes at s. */
void strvec_pushn(struct strvec *sv, const char *s, size_t n);
void strvec_pushf(struct strvec *sv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append s, taking ownership of it. */
void strvec_push_owned(struct strvec *sv, char *s);
/* The vector as argv: never NULL, always NULL-terminated. */
char *const *strvec_argv(struct strvec *sv);

#endif
