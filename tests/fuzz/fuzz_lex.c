/*
 * libFuzzer target for the lexer: any bytes, in expression and in bare
 * template mode, must give a finite stream of tokens with spans inside the
 * text, in order, ending with TOK_EOF.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "hcl/lex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lex everything in one mode and check each token. */
static void
lex_all(const struct source *src, bool bare)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct lexer lx;
	uint32_t last = 0;
	size_t n = 0;

	lex_init(&lx, src, &dl, bare);
	for (;;) {
		struct tok t = lex_next(&lx);

		if (t.span.start > t.span.end || t.span.end > src->len ||
		    t.span.start < last)
			abort();
		last = t.span.start;
		if (t.type == TOK_EOF)
			break;
		/* Every token but an empty string end consumes a byte. */
		if (++n > 2 * src->len + 16)
			abort();
	}
	for (size_t i = 0; i < dl.n; i++)
		if (dl.v[i].subject.end > src->len)
			abort();
	lex_release(&lx);
	diag_list_release(&dl);
}

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source *src = source_new("fuzz", (const char *)data, size);

	if (src == NULL)
		return 0;
	lex_all(src, false);
	lex_all(src, true);
	source_free(src);
	return 0;
}
