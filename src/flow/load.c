#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"
#include "flow/load.h"
#include "hcl/parse.h"
#include "tasks/task.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* The arguments every task takes, handled here rather than by its type. */
static const char *const load_meta_args[] = { "_depends_on", "_retry",
	"_timeout" };

/* Whether name is one of the engine's own task arguments. */
static bool
load_is_meta(const char *name)
{
	for (size_t i = 0; i < sizeof(load_meta_args) / sizeof(*load_meta_args); i++)
		if (strcmp(name, load_meta_args[i]) == 0)
			return true;
	return false;
}

/* Report an unknown name with the nearest candidate as a detail. */
static void
load_unknown(struct diag_list *dl, const struct source *src, struct span sp,
    const char *what, const char *name, const char *const *cands, size_t n)
{
	struct diag *d = diag_error(dl, src, sp, "unknown %s '%s'", what, name);
	const char *near = diag_suggest(name, cands, n);

	if (near != NULL)
		diag_set_detail(d, "did you mean '%s'?", near);
}

/* Evaluate e in the root scope (variables only). */
static const struct value *
load_eval(struct flow_file *ff, const struct source *src,
    const struct ast_expr *e, struct scope *scope, struct diag_list *dl)
{
	struct eval_ctx ec;

	eval_init(&ec, ff->values, scope, dl, src);
	return eval_expr(&ec, e);
}

/* What load_const_ref needs to report a reference. */
struct load_const_refs {
	const struct source *src;
	const char *what;
	struct diag_list *dl;
	bool found;
};

/* Report a reference to the flow's variables or tasks in a constant. */
static void
load_const_ref(const struct ast_expr *e, void *arg)
{
	struct load_const_refs *r = arg;
	const char *root = e->u.trav.root;
	struct diag *d;

	if (strcmp(root, "var") != 0 && strcmp(root, "task") != 0)
		return;
	d = diag_error(r->dl, r->src, e->span, "%s cannot refer to %s",
	    r->what, strcmp(root, "var") == 0 ? "variables" : "tasks");
	diag_set_detail(d, "it is read before any variable has a value or any "
	    "task has run: write the value itself");
	r->found = true;
}

/*
 * Evaluate e, which must be a constant (what it is, e.g. "a variable's
 * default", names it in the messages): references to variables or tasks
 * are reported, and the value is then unknown.
 */
static const struct value *
load_const(struct flow_file *ff, const struct source *src,
    const struct ast_expr *e, const char *what, struct diag_list *dl)
{
	struct load_const_refs r = { src, what, dl, false };
	struct scope empty;
	const struct value *v;

	ast_walk_traversals(e, load_const_ref, &r);
	if (r.found)
		return val_unknown();
	scope_init(&empty, NULL, NULL);
	v = load_eval(ff, src, e, &empty, dl);
	scope_release(&empty);
	return v;
}

/* A block label as an arena string (labels may not hold NUL). */
static const char *
load_label(struct flow_file *ff, const struct ast_label *l,
    struct diag_list *dl)
{
	if (strlen(l->s) != l->len) {
		diag_error(dl, ff->src, l->span, "a label may not hold a NUL character");
		return NULL;
	}
	return l->s;
}

/* Check a block has exactly n labels; reports otherwise. */
static bool
load_want_labels(struct flow_file *ff, const struct ast_block *b, uint32_t n,
    const char *form, struct diag_list *dl)
{
	if (b->nlabels == n)
		return true;
	diag_error(dl, ff->src, b->nlabels > n ? b->labels[n].span : b->type_span,
	    "a '%s' block needs %s", b->type, form);
	return false;
}

/* Declare a variable block's name and read its attributes. */
static void
load_variable(struct flow_file *ff, const struct ast_block *b,
    struct diag_list *dl)
{
	static const char *const attrs[] = { "default", "required", "description" };
	struct flow_var *v;
	const struct value *val;
	const char *name;

	if (!load_want_labels(ff, b, 1, "one label: variable \"NAME\"", dl) ||
	    (name = load_label(ff, &b->labels[0], dl)) == NULL)
		return;
	if ((v = flow_add_var(&ff->flow, name)) == NULL) {
		struct flow_var *first = flow_find_var(&ff->flow, name);
		struct diag *d = diag_error(dl, ff->src, b->labels[0].span,
		    "variable '%s' is declared twice", name);

		diag_set_detail(d, "the first declaration is on line %u",
		    source_pos(ff->src, first->span.start).line);
		return;
	}
	v->span = b->labels[0].span;
	for (uint32_t i = 0; i < b->body.nblocks; i++)
		diag_error(dl, ff->src, b->body.blocks[i].type_span,
		    "a variable block holds no blocks");
	for (uint32_t i = 0; i < b->body.nattrs; i++) {
		const struct ast_attr *a = &b->body.attrs[i];

		if (strcmp(a->name, "default") == 0) {
			v->default_expr = a->expr;
		} else if (strcmp(a->name, "required") == 0) {
			val = load_const(ff, ff->src, a->expr, "'required'", dl);
			if (val->kind == VAL_BOOL)
				v->required = val->u.b;
			else if (val->kind != VAL_UNKNOWN)
				diag_error(dl, ff->src, a->expr->span,
				    "'required' must be true or false, not %s",
				    val_kind_name(val->kind));
		} else if (strcmp(a->name, "description") == 0) {
			val = load_const(ff, ff->src, a->expr, "'description'",
			    dl);
			if (val->kind == VAL_STRING)
				v->description = val->u.str.s;
			else if (val->kind != VAL_UNKNOWN)
				diag_error(dl, ff->src, a->expr->span,
				    "'description' must be a string, not %s",
				    val_kind_name(val->kind));
		} else
			load_unknown(dl, ff->src, a->name_span,
			    "variable attribute", a->name, attrs, 3);
	}
}

/* Declare a task block: its type and its unique TYPE.NAME. */
static void
load_declare_task(struct flow_file *ff, const struct ast_block *b,
    struct diag_list *dl)
{
	const char *type_name, *name;
	const struct task_type *type;
	struct flow_task *t;
	const char *const *names;
	size_t n;

	if (!load_want_labels(ff, b, 2, "two labels: task \"TYPE\" \"NAME\"", dl) ||
	    (type_name = load_label(ff, &b->labels[0], dl)) == NULL ||
	    (name = load_label(ff, &b->labels[1], dl)) == NULL)
		return;
	type = task_lookup(type_name);
	if (type == NULL) {
		names = task_type_names(&n);
		load_unknown(dl, ff->src, b->labels[0].span, "task type",
		    type_name, names, n);
	}
	if ((t = flow_add_task(&ff->flow, type_name, name)) == NULL) {
		struct flow_task *first = flow_find_task(&ff->flow, type_name, name);
		struct diag *d = diag_error(dl, ff->src, b->labels[1].span,
		    "duplicate task 'task.%s.%s'", type_name, name);

		diag_set_detail(d, "the first one is on line %u",
		    source_pos(ff->src, first->span.start).line);
		return;
	}
	t->type = type;
	t->block = b;
	t->span = b->span;
	t->name_span = b->labels[1].span;
}

/* What a reference walk of one task needs. */
struct load_refs {
	struct flow_file *ff;
	struct flow_task *t;	/* NULL: only check, record nothing */
	struct diag_list *dl;
	bool has_task_ref;	/* a task result was referenced */
	bool free_names;	/* other roots are the type's scope variables */
};

/*
 * Check that task.T.N.ATTR names something the task's result will hold:
 * an argument the task was given or an attribute its type adds.
 */
static void
load_check_result_attr(struct flow_file *ff, const struct flow_task *dep,
    const struct ast_step *step, struct diag_list *dl)
{
	const struct ast_body *body;
	const char **names;
	const char *near;
	struct diag *d;
	size_t n = 0;

	if (dep->type == NULL || dep->type->results == NULL || dep->block == NULL)
		return;
	body = &dep->block->body;
	for (uint32_t i = 0; i < body->nattrs; i++)
		if (strcmp(body->attrs[i].name, step->u.name) == 0)
			return;
	for (const char *const *r = dep->type->results; *r != NULL; r++)
		if (strcmp(*r, step->u.name) == 0)
			return;
	names = xreallocarray(NULL, body->nattrs + 8, sizeof(*names));
	for (const char *const *r = dep->type->results; *r != NULL &&
	    n < 8; r++)
		names[n++] = *r;
	for (uint32_t i = 0; i < body->nattrs; i++)
		if (!load_is_meta(body->attrs[i].name))
			names[n++] = body->attrs[i].name;
	near = diag_suggest(step->u.name, names, n);
	d = diag_error(dl, ff->src, step->span, "unsupported attribute '%s'",
	    step->u.name);
	if (near != NULL)
		diag_set_detail(d, "did you mean '%s'?", near);
	else
		diag_set_detail(d, "task '%s' has no argument or result of that "
		    "name", dep->id);
	free(names);
}

/* Check one traversal of a task body and record the dependency it makes. */
static void
load_ref(const struct ast_expr *e, void *arg)
{
	struct load_refs *r = arg;
	struct flow_file *ff = r->ff;
	const struct ast_step *st = e->u.trav.steps;
	uint32_t n = e->nsteps;
	const struct flow_task *dep;
	struct span sp = e->span;

	if (strcmp(e->u.trav.root, "var") == 0) {
		if (n == 0 || st[0].kind != AST_STEP_ATTR) {
			diag_error(r->dl, ff->src, sp,
			    "'var' needs a variable name: var.NAME");
			return;
		}
		if (flow_find_var(&ff->flow, st[0].u.name) == NULL) {
			const char **names = xreallocarray(NULL,
			    ff->flow.nvars + 1, sizeof(*names));

			for (size_t i = 0; i < ff->flow.nvars; i++)
				names[i] = ff->flow.vars[i].name;
			sp.end = st[0].span.end;
			load_unknown(r->dl, ff->src, sp, "variable",
			    st[0].u.name, names, ff->flow.nvars);
			free(names);
		}
		return;
	}
	if (strcmp(e->u.trav.root, "task") == 0) {
		if (n < 2 || st[0].kind != AST_STEP_ATTR ||
		    st[1].kind != AST_STEP_ATTR) {
			diag_error(r->dl, ff->src, sp,
			    "a task reference needs a type and a name: task.TYPE.NAME");
			return;
		}
		sp.end = st[1].span.end;
		dep = flow_find_task(&ff->flow, st[0].u.name, st[1].u.name);
		if (dep == NULL) {
			diag_error(r->dl, ff->src, sp, "unknown task 'task.%s.%s'",
			    st[0].u.name, st[1].u.name);
			return;
		}
		r->has_task_ref = true;
		if (r->t != NULL)
			flow_add_dep(&ff->flow, r->t, dep->index, sp, false);
		if (n >= 3 && st[2].kind == AST_STEP_ATTR)
			load_check_result_attr(ff, dep, &st[2], r->dl);
		return;
	}
	if (r->free_names) {
		/* Checked when the scope argument is known, at evaluation. */
		r->has_task_ref = true;
		return;
	}
	diag_error(r->dl, ff->src, span_make(e->span.start,
	    e->span.start + strlen(e->u.trav.root)), "unknown name '%s'",
	    e->u.trav.root);
	diag_set_detail(&r->dl->v[r->dl->n - 1],
	    "a flow can refer to 'var.NAME' and 'task.TYPE.NAME'");
}

/* A number argument of a wait function. */
static bool
load_wait_number(struct flow_file *ff, const struct ast_expr *e, double *out,
    struct diag_list *dl)
{
	const struct value *v = load_eval(ff, ff->src, e, &ff->root, dl);
	const struct value *num;

	if (v->kind == VAL_UNKNOWN)
		return false;
	if ((num = val_to_number(ff->values, v)) == NULL) {
		diag_error(dl, ff->src, e->span, "a wait needs a number of seconds, not %s",
		    val_kind_name(v->kind));
		return false;
	}
	*out = val_number_double(num);
	return true;
}

/* Read wait_X(...) (a call, not a library function) into w. */
static bool
load_wait(struct flow_file *ff, const struct ast_expr *e, struct retry_wait *w,
    struct diag_list *dl)
{
	static const char *const names[] = { "wait_fixed", "wait_random",
		"wait_exponential", "wait_random_exponential", "wait_chain" };
	const struct ast_call *call;
	double nums[8];
	char *err = NULL;
	bool ok = true;

	if (e->kind != AST_CALL) {
		diag_error(dl, ff->src, e->span,
		    "'wait' must be a wait function such as wait_fixed(2)");
		return false;
	}
	call = e->u.call;
	if (strcmp(call->name, "wait_chain") == 0) {
		struct retry_wait *waits = xcalloc(call->nargs ? call->nargs : 1,
		    sizeof(*waits));

		for (uint32_t i = 0; i < call->nargs; i++)
			if (!load_wait(ff, call->args[i], &waits[i], dl))
				ok = false;
		if (ok && retry_wait_chain(w, waits, call->nargs, &err) < 0) {
			diag_error(dl, ff->src, e->span, "%s", err);
			free(err);
			ok = false;
		}
		if (!ok)
			for (uint32_t i = 0; i < call->nargs; i++)
				retry_wait_release(&waits[i]);
		free(waits);	/* a chain took over the contents */
		return ok;
	}
	if (!retry_wait_known(call->name)) {
		load_unknown(dl, ff->src, call->name_span, "wait function",
		    call->name, names, sizeof(names) / sizeof(*names));
		return false;
	}
	if (call->nargs > sizeof(nums) / sizeof(*nums)) {
		diag_error(dl, ff->src, e->span, "too many arguments for '%s'",
		    call->name);
		return false;
	}
	for (uint32_t i = 0; i < call->nargs; i++)
		if (!load_wait_number(ff, call->args[i], &nums[i], dl))
			ok = false;
	if (ok && retry_wait_make(w, call->name, nums, call->nargs, &err) < 0) {
		diag_error(dl, ff->src, e->span, "%s", err);
		free(err);
		ok = false;
	}
	return ok;
}

/* Read `_retry = { stop_after = "...", wait = wait_X(...) }`. */
static void
load_retry(struct flow_file *ff, struct flow_task *t, const struct ast_attr *a,
    struct diag_list *dl)
{
	static const char *const keys[] = { "stop_after", "wait" };
	const struct ast_expr *e = a->expr;
	bool have_stop = false;
	char *err = NULL;

	if (e->kind != AST_OBJECT) {
		diag_error(dl, ff->src, e->span,
		    "'_retry' must be an object: { stop_after = \"3 times\", wait = wait_fixed(1) }");
		return;
	}
	for (uint32_t i = 0; i < e->u.object.n; i++) {
		const struct ast_item *it = &e->u.object.items[i];
		const char *key = NULL;
		const struct value *v;

		if (it->key_ident)
			key = it->key->u.trav.root;
		else if (it->key->kind == AST_LITERAL &&
		    it->key->u.lit.kind == AST_LIT_STRING)
			key = arena_strndup(ff->values, it->key->u.lit.s,
			    it->key->u.lit.len);
		if (key != NULL && strcmp(key, "stop_after") == 0) {
			v = load_eval(ff, ff->src, it->value, &ff->root, dl);
			if (v->kind == VAL_UNKNOWN)
				continue;
			if (v->kind != VAL_STRING) {
				diag_error(dl, ff->src, it->value->span,
				    "'stop_after' must be a string such as \"3 times | 30 seconds\"");
				continue;
			}
			if (retry_parse_stop(&t->retry, v->u.str.s, &err) < 0) {
				diag_error(dl, ff->src, it->value->span, "%s", err);
				free(err);
				err = NULL;
			}
			have_stop = true;
		} else if (key != NULL && strcmp(key, "wait") == 0) {
			struct retry_wait w;

			memset(&w, 0, sizeof(w));
			if (load_wait(ff, it->value, &w, dl)) {
				retry_wait_release(&t->retry.wait);
				t->retry.wait = w;
			}
		} else if (key != NULL)
			load_unknown(dl, ff->src, it->key->span, "'_retry' key",
			    key, keys, 2);
		else
			diag_error(dl, ff->src, it->key->span,
			    "'_retry' keys are 'stop_after' and 'wait'");
	}
	if (!have_stop)
		t->retry.max_attempts = RETRY_DEFAULT_ATTEMPTS;
}

/* Read `_timeout = SECONDS`. */
static void
load_timeout(struct flow_file *ff, struct flow_task *t,
    const struct ast_attr *a, struct diag_list *dl)
{
	const struct value *v = load_eval(ff, ff->src, a->expr, &ff->root, dl);
	const struct value *num;
	double d;

	if (v->kind == VAL_UNKNOWN)
		return;
	if ((num = val_to_number(ff->values, v)) == NULL ||
	    !isfinite(d = val_number_double(num)) || d <= 0) {
		diag_error(dl, ff->src, a->expr->span,
		    "'_timeout' must be a positive number of seconds");
		return;
	}
	t->timeout = d;
}

/* Set *arg when a traversal's root is `task`. */
static void
load_note_task_root(const struct ast_expr *e, void *arg)
{
	if (strcmp(e->u.trav.root, "task") == 0)
		*(bool *)arg = true;
}

/* Whether e refers to any task result. */
static bool
load_refers_to_tasks(const struct ast_expr *e)
{
	bool found = false;

	ast_walk_traversals(e, load_note_task_root, &found);
	return found;
}

/* Read `_depends_on = [task.T.N, condition, ...]`. */
static void
load_depends_on(struct flow_file *ff, struct flow_task *t,
    const struct ast_attr *a, struct diag_list *dl)
{
	const struct ast_expr *e = a->expr;

	if (e->kind != AST_TUPLE) {
		diag_error(dl, ff->src, e->span,
		    "'_depends_on' must be a list of task references and conditions");
		return;
	}
	for (uint32_t i = 0; i < e->u.tuple.n; i++) {
		const struct ast_expr *item = e->u.tuple.items[i];
		const struct flow_task *dep;
		struct flow_cond c;

		if (item->kind == AST_TRAVERSAL &&
		    strcmp(item->u.trav.root, "task") == 0 &&
		    item->nsteps == 2 &&
		    item->u.trav.steps[0].kind == AST_STEP_ATTR &&
		    item->u.trav.steps[1].kind == AST_STEP_ATTR) {
			dep = flow_find_task(&ff->flow, item->u.trav.steps[0].u.name,
			    item->u.trav.steps[1].u.name);
			if (dep != NULL)
				flow_add_dep(&ff->flow, t, dep->index, item->span, true);
			/* An unknown task was reported by the reference walk. */
			continue;
		}
		if (!load_refers_to_tasks(item)) {
			/* Known now: it must at least be a bool. */
			const struct value *v = load_eval(ff, ff->src, item,
			    &ff->root, dl);

			if (v->kind != VAL_BOOL && v->kind != VAL_UNKNOWN) {
				diag_error(dl, ff->src, item->span,
				    "a '_depends_on' condition must be true or "
				    "false, not %s", val_kind_name(v->kind));
				continue;
			}
		}
		memset(&c, 0, sizeof(c));
		c.expr = item;
		c.span = item->span;
		flow_add_cond(&ff->flow, t, &c);
	}
}

/*
 * For a type with a scope argument (hcl2_template's `context`), bind the
 * members of that argument's value as variables of inner, a child of
 * outer; the other arguments are then evaluated in inner.  Returns false
 * when the value is not an object (a diagnostic was added, or it is
 * unknown).
 */
static bool
load_bind_scope_arg(const struct flow_task *t, struct eval_ctx *ec,
    struct scope *inner)
{
	const struct ast_body *body = &t->block->body;
	const struct value *v = NULL;

	for (uint32_t i = 0; i < body->nattrs && v == NULL; i++)
		if (strcmp(body->attrs[i].name, t->type->scope_arg) == 0)
			v = eval_expr(ec, body->attrs[i].expr);
	if (v == NULL || v->kind == VAL_NULL)
		return true;
	if (v->kind != VAL_OBJECT)
		return false;
	for (size_t i = 0; i < v->u.obj.n; i++)
		scope_set(inner, v->u.obj.members[i].key, v->u.obj.members[i].val);
	return true;
}

/* The entry of type->blocks called name, or NULL. */
static const char *
load_type_block(const struct task_type *type, const char *name)
{
	for (const char *const *b = type != NULL ? type->blocks : NULL;
	    b != NULL && *b != NULL; b++)
		if (strcmp(*b, name) == 0)
			return *b;
	return NULL;
}

/*
 * The blocks of one declared type in a task body as one object
 * expression: `export { a = x }  export { b = y }` reads as the
 * attribute `export = { a = x, b = y }` (a name given twice is the
 * evaluator's duplicate key error).
 */
static void
load_block_attr(struct flow_file *ff, const struct ast_body *body,
    const char *type, struct ast_attr *out, struct diag_list *dl)
{
	struct ast_expr *obj = arena_calloc(&ff->ast_arena, 1, sizeof(*obj));
	const struct ast_block *first = NULL;
	uint32_t n = 0;

	for (uint32_t i = 0; i < body->nblocks; i++)
		if (strcmp(body->blocks[i].type, type) == 0)
			n += body->blocks[i].body.nattrs;
	obj->kind = AST_OBJECT;
	obj->u.object.items = arena_calloc(&ff->ast_arena, n ? n : 1,
	    sizeof(*obj->u.object.items));
	for (uint32_t i = 0; i < body->nblocks; i++) {
		const struct ast_block *b = &body->blocks[i];

		if (strcmp(b->type, type) != 0)
			continue;
		if (first == NULL)
			first = b;
		if (b->nlabels > 0)
			diag_error(dl, ff->src, b->labels[0].span,
			    "'%s' blocks take no labels", type);
		for (uint32_t k = 0; k < b->body.nblocks; k++)
			diag_error(dl, ff->src, b->body.blocks[k].type_span,
			    "'%s' blocks hold only attributes: NAME = VALUE",
			    type);
		for (uint32_t k = 0; k < b->body.nattrs; k++) {
			const struct ast_attr *a = &b->body.attrs[k];
			struct ast_item *it =
			    &obj->u.object.items[obj->u.object.n++];
			struct ast_expr *key = arena_calloc(&ff->ast_arena, 1,
			    sizeof(*key));

			key->kind = AST_TRAVERSAL;
			key->span = a->name_span;
			key->u.trav.root = a->name;
			it->key = key;
			it->key_ident = true;
			it->value = a->expr;
		}
	}
	obj->span = first->span;
	out->name = type;
	out->name_span = first->type_span;
	out->expr = obj;
}

/*
 * Blocks in a task body: those its type declares (flow_run's `export`)
 * become attributes of a copy of the task's block, so the reference walk,
 * the checks and evaluation see them as arguments; others are errors.
 */
static void
load_task_blocks(struct flow_file *ff, struct flow_task *t,
    struct diag_list *dl)
{
	const struct ast_body *body = &t->block->body;
	struct ast_block *copy;
	struct ast_attr *attrs;
	uint32_t n = body->nattrs;

	for (uint32_t i = 0; i < body->nattrs; i++) {
		const char *b = load_type_block(t->type, body->attrs[i].name);

		if (b != NULL)
			diag_error(dl, ff->src, body->attrs[i].name_span,
			    "'%s' is a block in a '%s' task: %s { NAME = VALUE }",
			    b, t->type_name, b);
	}
	if (body->nblocks == 0)
		return;
	for (uint32_t i = 0; i < body->nblocks; i++)
		if (load_type_block(t->type, body->blocks[i].type) == NULL)
			diag_error(dl, ff->src, body->blocks[i].type_span,
			    "unexpected block '%s' in a task",
			    body->blocks[i].type);
	attrs = arena_calloc(&ff->ast_arena, body->nattrs + body->nblocks,
	    sizeof(*attrs));
	memcpy(attrs, body->attrs, body->nattrs * sizeof(*attrs));
	for (const char *const *b = t->type != NULL ? t->type->blocks : NULL;
	    b != NULL && *b != NULL; b++) {
		bool present = false;

		for (uint32_t i = 0; i < body->nblocks && !present; i++)
			present = strcmp(body->blocks[i].type, *b) == 0;
		if (present)
			load_block_attr(ff, body, *b, &attrs[n++], dl);
	}
	copy = arena_alloc(&ff->ast_arena, sizeof(*copy));
	*copy = *t->block;
	copy->body.attrs = attrs;
	copy->body.nattrs = n;
	copy->body.blocks = NULL;
	copy->body.nblocks = 0;
	t->block = copy;
}

/* Read a task body: engine arguments, references, and the known values. */
static void
load_task_body(struct flow_file *ff, struct flow_task *t, struct diag_list *dl)
{
	const struct ast_body *body;
	struct task_argval *args;
	struct val_member *members;
	size_t nargs = 0;
	bool all_known = true;
	struct task_check c;

	load_task_blocks(ff, t, dl);
	body = &t->block->body;
	args = xcalloc(body->nattrs ? body->nattrs : 1, sizeof(*args));
	members = arena_calloc(ff->values, body->nattrs ? body->nattrs : 1,
	    sizeof(*members));
	const char *scope_arg = t->type != NULL ? t->type->scope_arg : NULL;

	for (uint32_t i = 0; i < body->nattrs; i++) {
		const struct ast_attr *a = &body->attrs[i];
		struct load_refs refs = { ff, t, dl, false,
			scope_arg != NULL && strcmp(a->name, scope_arg) != 0 };
		size_t before = dl->nerrors;

		ast_walk_traversals(a->expr, load_ref, &refs);
		if (strcmp(a->name, "_depends_on") == 0) {
			load_depends_on(ff, t, a, dl);
			continue;
		}
		if (strcmp(a->name, "_retry") == 0) {
			load_retry(ff, t, a, dl);
			continue;
		}
		if (strcmp(a->name, "_timeout") == 0) {
			load_timeout(ff, t, a, dl);
			continue;
		}
		if (a->name[0] == '_' && strcmp(a->name, "_engine") != 0) {
			/* The engine's own arguments all start with '_'. */
			static const char *const engine_args[] = { "_depends_on",
				"_retry", "_timeout", "_engine" };
			const char *near = diag_suggest(a->name, engine_args,
			    sizeof(engine_args) / sizeof(*engine_args));
			struct diag *d = diag_error(dl, ff->src, a->name_span,
			    "unknown argument '%s' for task type '%s'", a->name,
			    t->type_name);

			if (near != NULL)
				diag_set_detail(d, "did you mean '%s'?", near);
			continue;
		}
		/*
		 * `_engine` stays an argument (the type places the task with
		 * it, tasks/engine.h) but only types that run on engines take
		 * it.
		 */
		if (strcmp(a->name, "_engine") == 0 && t->type != NULL &&
		    !t->type->takes_engine)
			diag_error(dl, ff->src, a->name_span, "'_engine' is not "
			    "an argument of task type '%s': only docker_run "
			    "tasks run on engines", t->type->name);
		args[nargs].name = a->name;
		args[nargs].name_span = a->name_span;
		args[nargs].value_span = a->expr->span;
		if (refs.has_task_ref || dl->nerrors != before) {
			args[nargs].val = NULL;
			all_known = false;
		} else {
			args[nargs].val = load_eval(ff, ff->src, a->expr,
			    &ff->root, dl);
			if (args[nargs].val->kind == VAL_UNKNOWN)
				all_known = false;
		}
		members[nargs].key = a->name;
		members[nargs].keylen = strlen(a->name);
		members[nargs].val = args[nargs].val;
		nargs++;
	}
	if (t->type != NULL) {
		memset(&c, 0, sizeof(c));
		c.type = t->type;
		c.task_id = t->id;
		c.args = args;
		c.nargs = nargs;
		c.src = ff->src;
		c.block_span = t->block->labels[1].span;
		c.diags = dl;
		task_check_args(&c);
	}
	if (all_known && !diag_has_errors(dl))
		t->args = val_object(ff->values, members, nargs, NULL);
	free(args);
}

/* Split "NAME=VALUE" of --var. */
static const char *
load_var_split(const char *arg, size_t *namelen)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL)
		return NULL;
	*namelen = (size_t)(eq - arg);
	return eq + 1;
}

/*
 * The value of a variable given as text outside the flow: the --var or
 * environment variable given by what and name.  It must be UTF-8, as
 * every string of the flow is.
 */
static const struct value *
load_outside_text(struct flow_file *ff, const char *what, const char *name,
    size_t namelen, const char *text, struct diag_list *dl)
{
	size_t len = strlen(text), bad = utf8_invalid_at(text, len);

	if (bad == len)
		return val_cstring(ff->values, text);
	diag_error(dl, NULL, span_make(0, 0),
	    "%s'%.*s' is not valid UTF-8: byte %zu of its value is 0x%02x",
	    what, (int)namelen, name, bad + 1, (unsigned char)text[bad]);
	return val_unknown();
}

/* Read the --var-file files: later ones win. */
static void
load_var_files(struct flow_file *ff, const struct flow_load_opts *o,
    const struct value **vals, struct diag_list *dl)
{
	ff->extra = xcalloc(o->nvar_files ? o->nvar_files : 1, sizeof(*ff->extra));
	for (size_t i = 0; i < o->nvar_files; i++) {
		struct source *src = source_read_file(o->var_files[i]);
		struct ast_body *body;
		size_t before;

		if (src == NULL) {
			diag_error(dl, NULL, span_make(0, 0),
			    "cannot read variable file '%s': %s", o->var_files[i],
			    strerror(errno));
			continue;
		}
		ff->extra[ff->nextra++] = src;
		before = dl->nerrors;
		body = parse_file(&ff->ast_arena, src, dl);
		if (dl->nerrors != before)
			continue;	/* its syntax errors say it all */
		for (uint32_t b = 0; b < body->nblocks; b++)
			diag_error(dl, src, body->blocks[b].type_span,
			    "a variable file holds only attributes: NAME = VALUE");
		for (uint32_t a = 0; a < body->nattrs; a++) {
			const struct ast_attr *at = &body->attrs[a];
			struct flow_var *v = flow_find_var(&ff->flow, at->name);
			const struct value *val;

			if (v == NULL) {
				diag_error(dl, src, at->name_span,
				    "variable '%s' is not declared in the flow",
				    at->name);
				continue;
			}
			val = load_const(ff, src, at->expr,
			    "a value in a variable file", dl);
			vals[v - ff->flow.vars] = val;
		}
	}
}

/* Report the names of o->values the flow does not declare. */
static void
load_check_values(struct flow_file *ff, const struct flow_load_opts *o,
    struct diag_list *dl)
{
	const struct flow *f = &ff->flow;
	const char **names;

	if (o->values == NULL)
		return;
	if (o->values->kind != VAL_OBJECT)
		fatal("flow_load: the preset values are not an object");
	names = xreallocarray(NULL, f->nvars + 1, sizeof(*names));
	for (size_t v = 0; v < f->nvars; v++)
		names[v] = f->vars[v].name;
	for (size_t i = 0; i < o->values->u.obj.n; i++) {
		const char *name = o->values->u.obj.members[i].key;
		const char *near;
		struct diag *d;

		if (flow_find_var(f, name) != NULL)
			continue;
		near = diag_suggest(name, names, f->nvars);
		d = diag_error(dl, NULL, span_make(0, 0),
		    "a value is given for variable '%s', which the flow does "
		    "not declare", name);
		if (near != NULL)
			diag_set_detail(d, "did you mean '%s'?", near);
	}
	free(names);
}

/* Give every variable its value, by precedence; then bind `var`. */
static void
load_resolve_vars(struct flow_file *ff, const struct flow_load_opts *o,
    struct diag_list *dl)
{
	struct flow *f = &ff->flow;
	const struct value **from_files = xcalloc(f->nvars ? f->nvars : 1,
	    sizeof(*from_files));
	struct val_member *members = arena_calloc(ff->values,
	    f->nvars ? f->nvars : 1, sizeof(*members));
	size_t namelen;

	load_var_files(ff, o, from_files, dl);
	for (size_t i = 0; i < o->nvars; i++) {
		const char *value = load_var_split(o->vars[i], &namelen);
		char *name;

		if (value == NULL) {
			diag_error(dl, NULL, span_make(0, 0),
			    "--var '%s' needs the form NAME=VALUE", o->vars[i]);
			continue;
		}
		name = xstrndup(o->vars[i], namelen);
		if (flow_find_var(f, name) == NULL) {
			const char **names = xreallocarray(NULL, f->nvars + 1,
			    sizeof(*names));
			const char *near;
			struct diag *d;

			for (size_t v = 0; v < f->nvars; v++)
				names[v] = f->vars[v].name;
			near = diag_suggest(name, names, f->nvars);
			d = diag_error(dl, NULL, span_make(0, 0),
			    "--var names variable '%s', which the flow does not declare",
			    name);
			if (near != NULL)
				diag_set_detail(d, "did you mean '%s'?", near);
			free(names);
		}
		free(name);
	}
	load_check_values(ff, o, dl);
	for (size_t i = 0; i < f->nvars; i++) {
		struct flow_var *v = &f->vars[i];
		const struct value *val = NULL;
		size_t len = strlen(v->name);

		if (o->values != NULL)
			val = val_object_get(o->values, v->name, len);
		/* --var: the last one naming v wins. */
		for (size_t k = o->nvars; k-- > 0 && val == NULL;) {
			const char *value = load_var_split(o->vars[k], &namelen);

			if (value != NULL && namelen == len &&
			    memcmp(o->vars[k], v->name, len) == 0)
				val = load_outside_text(ff, "--var ", v->name,
				    len, value, dl);
		}
		if (val == NULL)
			val = from_files[i];
		if (val == NULL && o->environ != NULL) {
			for (char *const *e = o->environ; *e != NULL; e++) {
				if (strncmp(*e, "RUNFLOW_VAR_", 12) == 0 &&
				    strncmp(*e + 12, v->name, len) == 0 &&
				    (*e)[12 + len] == '=') {
					val = load_outside_text(ff, "environment variable ",
					    *e, 12 + len, *e + 13 + len, dl);
					break;
				}
			}
		}
		if (val == NULL && v->default_expr != NULL)
			val = load_const(ff, ff->src, v->default_expr,
			    "a variable's default", dl);
		if (val == NULL) {
			if (v->required)
				diag_error(dl, ff->src, v->span,
				    "variable '%s' is required and has no value",
				    v->name);
			/* Unknown, so its uses add no second message. */
			val = v->required ? val_unknown() : val_null();
			if (v->required && o->values != NULL)
				diag_set_detail(&dl->v[dl->n - 1],
				    "give it a value in 'vars' or with RUNFLOW_VAR_%s",
				    v->name);
			else if (v->required)
				diag_set_detail(&dl->v[dl->n - 1],
				    "give it with --var %s=VALUE, a --var-file or RUNFLOW_VAR_%s",
				    v->name, v->name);
		}
		v->value = val;
		members[i].key = v->name;
		members[i].keylen = len;
		members[i].val = val;
	}
	scope_set(&ff->root, "var", val_object(ff->values, members, f->nvars,
	    NULL));
	free(from_files);
}

/* Read the flow block's variables and tasks. */
static void
load_flow_block(struct flow_file *ff, const struct ast_block *fb,
    const struct flow_load_opts *o, struct diag_list *dl)
{
	static const char *const kinds[] = { "variable", "task" };
	const struct ast_body *body = &fb->body;

	for (uint32_t i = 0; i < body->nattrs; i++)
		diag_error(dl, ff->src, body->attrs[i].name_span,
		    "unexpected attribute '%s' in the flow block",
		    body->attrs[i].name);
	for (uint32_t i = 0; i < body->nblocks; i++) {
		const struct ast_block *b = &body->blocks[i];

		if (strcmp(b->type, "variable") == 0)
			load_variable(ff, b, dl);
		else if (strcmp(b->type, "task") == 0)
			load_declare_task(ff, b, dl);
		else if (strcmp(b->type, "import") == 0) {
			struct diag *d = diag_error(dl, ff->src, b->type_span,
			    "'import' blocks are not supported");

			diag_set_detail(d, "they load Python code into the Python "
			    "runflow; runflow runs the built-in task types only");
		} else
			load_unknown(dl, ff->src, b->type_span, "block type",
			    b->type, kinds, 2);
	}
	load_resolve_vars(ff, o, dl);
	for (size_t i = 0; i < ff->flow.ntasks; i++)
		load_task_body(ff, flow_task_at(&ff->flow, i), dl);
}

/* Parse and load a flow file. */
int
flow_load(struct flow_file *ff, struct source *src, struct arena *values,
    const struct flow_load_opts *o, struct diag_list *dl)
{
	const struct ast_block *fb = NULL;
	const char *name = NULL;
	size_t errors_before = dl->nerrors;

	memset(ff, 0, sizeof(*ff));
	ff->src = src;
	ff->values = values;
	arena_init(&ff->ast_arena);
	scope_init(&ff->root, NULL, values);
	task_register_builtins();
	ff->body = parse_file(&ff->ast_arena, src, dl);
	/*
	 * Syntax errors stop here: the parser reported each one, and what it
	 * could not read would only come back as misleading follow-on errors
	 * (a missing argument that was really mistyped, labels cut short).
	 */
	if (dl->nerrors != errors_before)
		return -1;
	for (uint32_t i = 0; i < ff->body->nattrs; i++)
		diag_error(dl, src, ff->body->attrs[i].name_span,
		    "unexpected attribute '%s' outside the flow block",
		    ff->body->attrs[i].name);
	for (uint32_t i = 0; i < ff->body->nblocks; i++) {
		const struct ast_block *b = &ff->body->blocks[i];
		static const char *const kinds[] = { "flow" };

		if (strcmp(b->type, "flow") != 0) {
			load_unknown(dl, src, b->type_span, "block type", b->type,
			    kinds, 1);
			continue;
		}
		if (fb != NULL) {
			struct diag *d = diag_error(dl, src, b->type_span,
			    "a file holds one 'flow' block");

			diag_set_detail(d, "the first one is on line %u",
			    source_pos(src, fb->span.start).line);
			continue;
		}
		fb = b;
	}
	if (fb == NULL) {
		if (dl->nerrors == errors_before)
			diag_error(dl, src, span_make(0, 0),
			    "no 'flow' block: a flow file holds flow \"NAME\" { ... }");
		return -1;
	}
	if (load_want_labels(ff, fb, 1, "one label: flow \"NAME\"", dl))
		name = load_label(ff, &fb->labels[0], dl);
	flow_init(&ff->flow, name != NULL ? name : "", src);
	ff->flow_ready = true;
	load_flow_block(ff, fb, o, dl);
	if (dl->nerrors == errors_before)
		flow_build_dag(&ff->flow, dl);
	return dl->nerrors == errors_before ? 0 : -1;
}

/* Free everything the flow file owns. */
void
flow_file_release(struct flow_file *ff)
{
	if (ff->flow_ready)
		flow_release(&ff->flow);
	scope_release(&ff->root);
	arena_release(&ff->ast_arena);
	for (size_t i = 0; i < ff->nextra; i++)
		source_free(ff->extra[i]);
	free(ff->extra);
	source_free(ff->src);
	memset(ff, 0, sizeof(*ff));
}

/* The first error of dl as "file:line:col: summary" (malloc'd). */
static char *
load_first_error(const struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		struct src_pos p;

		if (d->severity != DIAG_ERROR)
			continue;
		if (d->src == NULL)
			return xstrdup(d->summary);
		p = source_pos(d->src, d->subject.start);
		return xasprintf("%s:%u:%u: %s%s%s%s", d->src->name, p.line,
		    p.column, d->summary, d->detail ? " (" : "",
		    d->detail ? d->detail : "", d->detail ? ")" : "");
	}
	return xstrdup("evaluation failed");
}

/*
 * Evaluate t's arguments in a scope holding the results of the tasks it
 * depends on (result NULL: not run, so unknown with its reference).
 */
static const struct value *
load_eval_task(struct flow_file *ff, struct sched *s, const struct flow_task *t,
    struct arena *a, struct diag_list *dl)
{
	const struct ast_body *body = &t->block->body;
	struct val_member *members;
	struct scope scope, inner;
	struct eval_ctx ec;
	size_t n = 0;
	const struct value *obj;
	const char *scope_arg = t->type != NULL ? t->type->scope_arg : NULL;

	scope_init(&scope, &ff->root, a);
	for (size_t i = 0; i < t->ndeps; i++) {
		const struct flow_task *d = flow_task_at(&ff->flow, t->deps[i].task);

		scope_set_task(&scope, d->type_name, d->name,
		    s != NULL ? sched_task_result(s, d->index) : NULL);
	}
	members = arena_calloc(a, body->nattrs ? body->nattrs : 1,
	    sizeof(*members));
	eval_init(&ec, a, &scope, dl, ff->src);
	scope_init(&inner, &scope, a);
	if (scope_arg != NULL && !load_bind_scope_arg(t, &ec, &inner))
		diag_error(dl, ff->src, t->name_span, "argument '%s' must be an object",
		    scope_arg);
	for (uint32_t i = 0; i < body->nattrs; i++) {
		const struct ast_attr *at = &body->attrs[i];
		bool in_scope = scope_arg != NULL && strcmp(at->name, scope_arg) != 0;

		if (load_is_meta(at->name))
			continue;
		members[n].key = at->name;
		members[n].keylen = strlen(at->name);
		ec.scope = in_scope ? &inner : &scope;
		members[n].val = eval_expr(&ec, at->expr);
		n++;
	}
	obj = val_object(a, members, n, NULL);
	scope_release(&inner);
	scope_release(&scope);
	return obj;
}

/* The scheduler's hook: a task's arguments from its dependencies' results. */
const struct value *
flow_eval_args(struct sched *s, const struct flow_task *t, struct arena *a,
    char **err, void *arg)
{
	struct flow_file *ff = arg;
	struct diag_list dl = DIAG_LIST_INIT;
	const struct value *v;

	if (t->args != NULL)
		return t->args;
	v = load_eval_task(ff, s, t, a, &dl);
	if (diag_has_errors(&dl)) {
		*err = load_first_error(&dl);
		v = NULL;
	}
	diag_list_release(&dl);
	return v;
}

/* The scheduler's hook: decide one `_depends_on` condition. */
int
flow_eval_cond(struct sched *s, const struct flow_task *t,
    const struct flow_cond *c, char **err, void *arg)
{
	struct flow_file *ff = arg;
	struct diag_list dl = DIAG_LIST_INIT;
	struct scope scope;
	struct eval_ctx ec;
	const struct value *v;
	int rc;

	scope_init(&scope, &ff->root, ff->values);
	for (size_t i = 0; i < t->ndeps; i++) {
		const struct flow_task *d = flow_task_at(&ff->flow, t->deps[i].task);

		scope_set_task(&scope, d->type_name, d->name,
		    sched_task_result(s, d->index));
	}
	eval_init(&ec, ff->values, &scope, &dl, ff->src);
	v = eval_expr(&ec, c->expr);
	if (diag_has_errors(&dl)) {
		*err = load_first_error(&dl);
		rc = -1;
	} else if (v->kind != VAL_BOOL) {
		struct src_pos p = source_pos(ff->src, c->span.start);

		*err = xasprintf("%s:%u:%u: a '_depends_on' condition must be "
		    "true or false, not %s", ff->src->name, p.line, p.column,
		    val_kind_name(v->kind));
		rc = -1;
	} else
		rc = v->u.b ? 1 : 0;
	scope_release(&scope);
	diag_list_release(&dl);
	return rc;
}

/* A task's arguments for a dry run. */
const struct value *
flow_eval_args_dry(struct flow_file *ff, const struct flow_task *t,
    struct diag_list *dl)
{
	if (t->args != NULL)
		return t->args;
	return load_eval_task(ff, NULL, t, ff->values, dl);
}
