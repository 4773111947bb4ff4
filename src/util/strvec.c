#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/strvec.h"
#include "util/xmalloc.h"

/* Start an empty vector. */
void
strvec_init(struct strvec *sv)
{
	sv->v = NULL;
	sv->n = 0;
	sv->alloc = 0;
}

/* Free every string and the vector itself. */
void
strvec_release(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	strvec_init(sv);
}

/* Append s, which the vector now owns. */
void
strvec_push_owned(struct strvec *sv, char *s)
{
	if (sv->n + 2 > sv->alloc) {
		sv->alloc = sv->alloc ? sv->alloc * 2 : 8;
		sv->v = xreallocarray(sv->v, sv->alloc, sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

/* Append a copy of s. */
void
strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_owned(sv, xstrdup(s));
}

/* Append a copy of n bytes. */
void
strvec_pushn(struct strvec *sv, const char *s, size_t n)
{
	strvec_push_owned(sv, xstrndup(s, n));
}

/* Append a formatted string. */
void
strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strvec_push_owned(sv, xvasprintf(fmt, ap));
	va_end(ap);
}

/* The NULL-terminated array, valid until the next push. */
char *const *
strvec_argv(struct strvec *sv)
{
	static char *const empty[] = { NULL };

	return sv->v != NULL ? sv->v : empty;
}
