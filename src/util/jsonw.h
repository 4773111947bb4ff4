/* Writing JSON text: string escaping shared by every JSON producer. */
#ifndef RF_UTIL_JSONW_H
#define RF_UTIL_JSONW_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Append s (n bytes) as a JSON string literal with its quotes.  Control
 * characters are escaped; bytes that are not valid UTF-8 become U+FFFD,
 * so the output is always valid JSON.
 */
int jsonw_string(struct buf *b, const char *s, size_t n);

/*
 * Escape every character outside ASCII as \uXXXX (a surrogate pair above
 * U+FFFF), as Python's json.dumps does by default (ensure_ascii).
 */
#define JSONW_ASCII 0x1u

/* jsonw_string with JSONW_* flags. */
int jsonw_string_flags(struct buf *b, const char *s, size_t n,
    unsigned flags);

#endif
