/*
 * Template text helpers: decoding literal pieces of quoted strings,
 * heredocs and bare templates, NFC normalisation, and the white-space and
 * grapheme rules of strip markers and indented heredocs (hclsyntax spec,
 * "Template Literals" and "Heredoc Templates").
 *
 * Nothing here keeps state; output goes to a caller's struct buf.
 */
#ifndef RF_HCL_TEMPLATE_H
#define RF_HCL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "util/buf.h"

/*
 * Whether the raw literal text s needs decoding: a backslash (when
 * quoted) or an escaped "$${" / "%%{".
 */
bool template_needs_decode(const char *s, size_t n, bool quoted);
/*
 * Append the decoded value of the raw literal text at [start, end) of
 * src to out.  quoted: process \n \r \t \" \\ \uNNNN \UNNNNNNNN; any other
 * backslash sequence is reported to dl (and kept as written).  Heredoc and
 * bare text only turn "$${" and "%%{" into "${" and "%{".
 */
void template_decode(struct buf *out, const struct source *src,
    size_t start, size_t end, bool quoted, struct diag_list *dl);
/* Whether s is all ASCII (and so already in NFC). */
bool template_is_ascii(const char *s, size_t n);
/* Replace the contents of out with the NFC form of s (n bytes, any bytes). */
void template_nfc(struct buf *out, const char *s, size_t n);
/* White space as Go's unicode.IsSpace, which HCL's strip markers use. */
bool template_is_space(uint32_t cp);
/* Bytes of white space at the start of s. */
size_t template_space_prefix(const char *s, size_t n);
/* Length of s without its trailing white space. */
size_t template_trim_right(const char *s, size_t n);
/* Number of extended grapheme clusters in s (UAX #29). */
size_t template_graphemes(const char *s, size_t n);
/* Bytes taken by the first count grapheme clusters of s (at most n). */
size_t template_skip_graphemes(const char *s, size_t n, size_t count);

#endif
