/*
 * Scopes: the names an expression can refer to.
 *
 * A root scope holds what the flow engine provides: `var` (an object of
 * variable values), `task` (the finished tasks, see scope_set_task) and
 * anything else a caller binds (`runflow eval --vars` binds each key of a
 * JSON object).  Child scopes hold the locals of a `for` expression or a
 * template %{for}; a lookup tries the innermost scope first.
 *
 * Ownership: a scope owns only its arrays.  Names and values are borrowed:
 * names must outlive the scope, values live in an arena that outlives every
 * evaluation using the scope.  The parent is borrowed too and must outlive
 * the child.  The `task` object is built in the arena given to scope_init
 * the first time it is looked up after a change.
 */
#ifndef RF_EVAL_SCOPE_H
#define RF_EVAL_SCOPE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "eval/value.h"
#include "util/arena.h"

struct scope_binding {
	const char *name;
	const struct value *val;
};

struct scope_task {
	const char *type;
	const char *name;
	const struct value *val;	/* NULL: not run yet */
};

struct scope {
	struct scope *parent;		/* NULL at the root */
	struct arena *arena;		/* for the built `task` object */
	struct scope_binding *v;
	size_t n, alloc;
	struct scope_task *tasks;
	size_t ntasks, atasks;
	const struct value *task_obj;	/* cache; NULL when stale */
	bool has_tasks;			/* scope_set_task was called */
};

/*
 * Start an empty scope under parent (NULL for a root).  a is where the
 * `task` object is built; it may be NULL for a scope that never gets
 * scope_set_task (for-expression locals).
 */
void scope_init(struct scope *s, struct scope *parent, struct arena *a);
/* Free the scope's arrays; the names and values are not touched. */
void scope_release(struct scope *s);
/* Bind name to v in s itself, replacing an earlier binding of name in s. */
void scope_set(struct scope *s, const char *name, const struct value *v);
/*
 * Record the result of task TYPE.NAME, reachable as task.TYPE.NAME; a
 * later call for the same pair replaces it.  A NULL result marks a task
 * that has not run yet (a dry run): task.TYPE.NAME is then unknown with
 * the reference "task.TYPE.NAME", and each attribute or index taken from
 * it extends the reference, so task.docker_run.build.stdout evaluates to
 * an unknown value whose reference is "task.docker_run.build.stdout".
 * These take precedence over a plain binding named "task" in s.
 */
void scope_set_task(struct scope *s, const char *type, const char *name,
    const struct value *result);
/*
 * Bind every key of the JSON object in the file at path ("-": standard
 * input) as a variable of s, values built in s's arena.  *srcp gets the
 * file's source, which the caller frees after rendering diagnostics.  Bad
 * JSON or a value other than an object is a located diagnostic in dl.
 * Returns 0 (check dl), or -1 with errno when the file cannot be read.
 */
int scope_set_json_file(struct scope *s, const char *path,
    struct diag_list *dl, struct source **srcp);
/* The value bound to name in s or its parents (innermost first), or NULL. */
const struct value *scope_lookup(struct scope *s, const char *name);
/*
 * Every name visible from s, innermost first, each once (for "did you
 * mean" suggestions).  Returns a malloc'd array for the caller to free;
 * sets *n.
 */
const char **scope_names(const struct scope *s, size_t *n);

#endif
