/* Quoting for POSIX sh, so a printed command line runs as printed. */
#ifndef RF_UTIL_SHQUOTE_H
#define RF_UTIL_SHQUOTE_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Append s (n bytes) to b as one sh word: unchanged when it is non-empty
 * and holds only characters sh never treats specially, else in single
 * quotes with each ' written as '\''.
 */
int shquote_append(struct buf *b, const char *s, size_t n);
/* Append argv as words separated by single spaces. */
int shquote_argv(struct buf *b, char *const argv[]);

#endif
