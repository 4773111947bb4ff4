/*
 * Shared pieces of the test kit programs (tests/bin/docker and
 * tests/bin/child): the byte patterns they generate and signal names.
 *
 * The patterns: byte i (counting from 0) of a generated stream is
 * PATTERN_STDOUT[i % PATTERN_PERIOD] on stdout and
 * PATTERN_STDERR[i % PATTERN_PERIOD] on stderr.  The period, 63, is not a
 * power of two, so a lost or repeated buffer-sized piece shows up as a
 * mismatch; the newline at the end of each period keeps lines short.
 */
#ifndef RF_TESTS_BIN_TESTBIN_H
#define RF_TESTS_BIN_TESTBIN_H

#include <stddef.h>
#include <stdint.h>

#define PATTERN_PERIOD 63
#define PATTERN_STDOUT                                                         \
	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n"
#define PATTERN_STDERR                                                         \
	"zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA9876543210\n"

/* Fill buf with n bytes of a pattern (one of the two above) from offset. */
void pattern_fill(char *buf, size_t n, const char *pattern, uint64_t offset);
/* The number of a signal written as "TERM", "SIGTERM" or "15"; -1 if none. */
int sig_parse(const char *name);
/* The short name of a signal ("TERM"), or its number as text if unknown. */
const char *sig_name(int sig);

#endif
