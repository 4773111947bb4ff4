/*
 * Word splitting as Python's shlex.split(s) does it (POSIX mode, comments
 * off): the rule docker-py applies to a string `command` or `entrypoint`.
 */
#ifndef RF_UTIL_SHLEX_H
#define RF_UTIL_SHLEX_H

#include <stddef.h>

#include "util/strvec.h"

/*
 * Split the n bytes at s into words appended to out (which the caller owns
 * and has initialised).  Words are separated by space, tab, CR and LF;
 * '...' is literal; inside "..." a backslash escapes only '"' and '\';
 * elsewhere a backslash escapes any byte, newline included; '#' is an
 * ordinary byte; '' and "" make an empty word.
 *
 * Returns the number of words appended, or -1 with *err set to a static
 * message: Python's "No closing quotation" or "No escaped character", or
 * "embedded null byte" when s holds a NUL (Python would split it, but no
 * argv can carry it).  Words appended before the error stay in out.
 */
int shlex_split(const char *s, size_t n, struct strvec *out,
    const char **err);

#endif
