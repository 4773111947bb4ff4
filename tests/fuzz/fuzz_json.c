#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eval/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Read the input as JSON; when it is JSON, writing the value and reading
 * that text back must give an equal value (every double prints as text
 * that reads back exactly), and the text must be stable.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct buf b1 = BUF_INIT, b2 = BUF_INIT;
	const struct value *v, *w;
	const char *err;
	int line, col;

	v = val_from_json(&a, (const char *)data, size, &err, &line, &col);
	if (v != NULL) {
		if (val_to_json(&b1, v, NULL) != 0)
			abort();
		w = val_from_json(&a, b1.data, b1.len, &err, &line, &col);
		if (w == NULL || !val_equal(v, w))
			abort();
		if (val_to_json(&b2, w, NULL) != 0 || b1.len != b2.len ||
		    memcmp(b1.data, b2.data, b1.len) != 0)
			abort();
	}
	buf_release(&b1);
	buf_release(&b2);
	arena_release(&a);
	return 0;
}
