/*
 * The expression evaluator: turns a tree of hcl/ast.h into a value of
 * eval/value.h, with HCL's semantics (hclsyntax spec, digested in
 * spec/hcl-syntax.md) and runflow's two extensions: a final object
 * argument expanded with "..." gives a function named options, and the
 * ordering operators compare two non-numeric strings as versions (see
 * eval_version_compare).
 *
 * Errors in the expression are located diagnostics added to the context's
 * list, each on the exact subexpression at fault.  A subexpression that
 * failed evaluates to val_unknown(), and unknown values spread silently
 * (an operation on an unknown is unknown, a call with an unknown argument
 * is unknown without calling the function), so one root cause gives one
 * diagnostic.  The evaluator itself never returns NULL; the caller knows
 * whether evaluation failed from the diagnostic list's error count.
 *
 * Values are allocated in the context's arena, which must outlive them.
 * The tree, its source and the scope are borrowed.
 */
#ifndef RF_EVAL_EVAL_H
#define RF_EVAL_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "eval/scope.h"
#include "eval/value.h"
#include "hcl/ast.h"
#include "hcl/json.h"
#include "util/arena.h"

/* Nesting of evaluation deeper than this is an error, not a crash. */
#define EVAL_MAX_DEPTH 1000

struct eval_splat;

struct eval_ctx {
	struct arena *arena;		/* where values are built */
	struct scope *scope;		/* names: var, task, for locals */
	struct diag_list *diags;	/* where errors go */
	const struct source *src;	/* the source the tree came from */
	/*
	 * A budget of evaluation steps (one per expression node evaluated),
	 * 0 for none; past it evaluation stops with one error.  The fuzz
	 * target sets it so nested for expressions cannot run for ever.
	 */
	unsigned long max_steps;
	/* Private to eval.c. */
	unsigned long steps;
	unsigned depth;
	bool limit_reported;
	struct eval_splat *splat;
	struct diag_list *root_diags;	/* the list given to eval_init */
};

/* Set up a context; max_steps starts at 0 (no budget). */
void eval_init(struct eval_ctx *ec, struct arena *a, struct scope *s,
    struct diag_list *dl, const struct source *src);
/* The value of e (unknown when it failed; never NULL). */
const struct value *eval_expr(struct eval_ctx *ec, const struct ast_expr *e);
/*
 * The value of e converted to a string, as a template's content must be
 * (a file template: unwrapping does not keep a non-string value).  Numbers
 * and bools convert; null, lists and objects are an error on e.  Unknown
 * stays unknown.
 */
const struct value *eval_string(struct eval_ctx *ec, const struct ast_expr *e);

/*
 * Evaluate every attribute of b and of its blocks, reporting errors to the
 * context's list; returns false when any was reported.  For
 * `hcl2json --eval`, which checks everything before it writes anything.
 */
bool eval_body_check(struct eval_ctx *ec, const struct ast_body *b);
/*
 * A json_attr_cb (hcl/json.h) for `hcl2json --eval`: arg is a struct
 * eval_ctx; writes the attribute's value as JSON indented to the output's
 * depth.  Returns 0, or -1 after adding a diagnostic when the attribute
 * fails or its value has no JSON form (an infinity).  A value a dry run
 * cannot know is written as "${reference}".
 */
int eval_json_attr(struct json_out *o, const struct ast_attr *attr,
    void *arg);

/*
 * Compare two strings as version-like text: < 0, 0 or > 0.  Each string is
 * split into maximal runs of ASCII digits and runs of anything else, and
 * the runs are compared in order: two digit runs by numeric value (of any
 * length: leading zeros are ignored, so "010" equals "10"), any other pair
 * bytewise (memcmp, a prefix first).  The first unequal pair decides; when
 * one string runs out of runs first, it is the smaller.  So "0.10.0" >
 * "0.6.0", "1.2" < "1.2.0" and "v2" < "v10".
 */
int eval_version_compare(const char *a, size_t alen, const char *b,
    size_t blen);

#endif
