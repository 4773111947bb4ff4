#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "eval/eval.h"
#include "eval/scope.h"
#include "eval/value.h"
#include "hcl/parse.h"
#include "util/arena.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Functions that touch the system or can be asked for huge results by a
 * short input; an input naming one is skipped, so the fuzzer explores the
 * evaluator rather than the file system.
 */
static const char *const skipped[] = {
	"file", "env", "range", "datetime", "todatetime", NULL,
};

/* Whether the input mentions a skipped function. */
static int
mentions_skipped(const char *s, size_t n)
{
	for (size_t i = 0; skipped[i] != NULL; i++)
		if (memmem(s, n, skipped[i], strlen(skipped[i])) != NULL)
			return 1;
	return 0;
}

/*
 * Evaluate the input as an expression (or, when its first byte is odd, as
 * a bare template) with a few variables and a task that has not run, and
 * write the result as JSON.  Any crash, leak or undefined behaviour is a
 * bug; diagnostics are expected.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char vars[] = "{\"s\": \"str\", \"n\": 5, \"l\": [1, 2, "
	    "{\"a\": null}], \"m\": {\"a\": 1, \"b\": [true]}, \"nul\": null}";
	struct arena tree = ARENA_INIT, vals = ARENA_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct val_json_opts opts = { .indent = 2, .unknown_as_ref = true };
	struct buf out = BUF_INIT;
	const struct value *v;
	const struct ast_expr *e;
	struct source *src;
	struct scope scope;
	struct eval_ctx ec;
	const char *err;
	int line, col;
	bool template;

	if (size == 0 || size > 4096 ||
	    mentions_skipped((const char *)data + 1, size - 1))
		return 0;
	template = data[0] & 1;
	src = source_new("fuzz", (const char *)data + 1, size - 1);
	if (src == NULL)
		return 0;
	scope_init(&scope, NULL, &vals);
	v = val_from_json(&vals, vars, sizeof(vars) - 1, &err, &line, &col);
	if (v == NULL)
		__builtin_trap();
	scope_set(&scope, "var", v);
	scope_set_task(&scope, "docker_run", "build", NULL);
	scope_set_task(&scope, "bash_run", "done", v);
	e = template ? parse_template(&tree, src, &dl) :
	    parse_expr(&tree, src, &dl);
	eval_init(&ec, &vals, &scope, &dl, src);
	ec.max_steps = 200000;
	v = template ? eval_string(&ec, e) : eval_expr(&ec, e);
	buf_init(&out, 1 << 20);
	(void)val_to_json(&out, v, &opts);
	buf_release(&out);
	diag_list_release(&dl);
	scope_release(&scope);
	arena_release(&vals);
	arena_release(&tree);
	source_free(src);
	return 0;
}
