/*
 * The built-in function library (flow.md section 6).  Each family lives in
 * its own func_<family>.c and registers its functions in the table of
 * func.c.
 */
#ifndef RF_EVAL_FUNC_H
#define RF_EVAL_FUNC_H

#include <stddef.h>

#include "diag/diag.h"
#include "eval/value.h"

/* One call, as the evaluator hands it to a function. */
struct func_call {
	const char *name;
	struct arena *arena;		/* where results are allocated */
	const struct value *const *args;
	size_t nargs;
	/*
	 * Named options from a final object argument expanded with "...":
	 * tojson(v, {indent = 2}...).  NULL when there are none.
	 */
	const struct value *opts;
	struct diag_list *diags;
	const struct source *src;	/* may be NULL (no location) */
	struct span span;		/* the whole call */
	const struct span *arg_spans;	/* one per arg; may be NULL */
	const struct func_def *def;	/* set by func_invoke */
};

/*
 * An implementation returns its result, or NULL after adding a diagnostic
 * (func_error).  Arguments are never unknown: the evaluator returns unknown
 * for a call with an unknown argument without calling the function.
 */
typedef const struct value *(*func_impl_cb)(struct func_call *call);

#define FUNC_VARIADIC (-1)

struct func_def {
	const char *name;
	int min_args;
	int max_args;			/* FUNC_VARIADIC: no limit */
	const char *const *opt_names;	/* NULL-terminated, or NULL: none */
	func_impl_cb impl;
	/*
	 * Parameter names for messages, NULL-terminated; a variadic
	 * function's extra arguments take the last name.
	 */
	const char *const *params;
};

/* The definition of name, or NULL. */
const struct func_def *func_lookup(const char *name);
/* Every function name, for suggestions; sets *n. */
const char *const *func_names(size_t *n);
/*
 * Call a function: checks the argument count and option names (located
 * diagnostics with suggestions), then runs it.  Returns NULL on error.
 */
const struct value *func_invoke(const struct func_def *def,
    struct func_call *call);
/*
 * Report an error and return NULL, so implementations can write
 * return func_error(call, 0, "...").  With argi >= 0 the diagnostic is
 * located on that argument and its summary reads
 * "invalid value for 'PARAM' in 'FUNC': " followed by the message;
 * with argi -1 it is located on the whole call and the message is the
 * summary as given.
 */
const struct value *func_error(struct func_call *call, int argi,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
