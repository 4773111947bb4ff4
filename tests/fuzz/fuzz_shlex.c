/*
 * libFuzzer target for shlex_split: any bytes either split or fail with
 * one of the three messages, and quoting the words for sh (shquote) then
 * splitting again gives the same words back.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/shlex.h"
#include "util/shquote.h"
#include "util/strvec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Split, check, re-quote, split again, compare. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strvec a = STRVEC_INIT, b = STRVEC_INIT;
	struct buf q = BUF_INIT;
	const char *err;
	int n;

	n = shlex_split((const char *)data, size, &a, &err);
	if (n < 0) {
		if (err == NULL || (strcmp(err, "No closing quotation") != 0 &&
		    strcmp(err, "No escaped character") != 0 &&
		    strcmp(err, "embedded null byte") != 0))
			abort();
		strvec_release(&a);
		return 0;
	}
	if (err != NULL || (size_t)n != a.n)
		abort();
	if (a.n > 0 && shquote_argv(&q, strvec_argv(&a)) != 0)
		abort();
	if (shlex_split(q.len ? q.data : "", q.len, &b, &err) != n)
		abort();
	for (size_t i = 0; i < a.n; i++)
		if (strcmp(a.v[i], b.v[i]) != 0)
			abort();
	buf_release(&q);
	strvec_release(&a);
	strvec_release(&b);
	return 0;
}
