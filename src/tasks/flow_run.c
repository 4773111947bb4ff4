#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "eval/eval.h"
#include "flow/load.h"
#include "flow/sched.h"
#include "hcl/parse.h"
#include "tasks/task.h"
#include "util/buf.h"
#include "util/xmalloc.h"

/*
 * flow_run (flow.md section 5): run another flow inside this task.
 *
 *   path    a flow file, relative to the current directory (as runflow
 *           opens it), or
 *   source  the flow's text;
 *   vars    an object whose members become the sub-flow's variables, over
 *           its environment and defaults, keeping their types;
 *   export  one or more blocks `export { NAME = "EXPR" }`: after the
 *           sub-flow succeeded each EXPR (a string holding an expression,
 *           as runflow's was) is evaluated against the sub-flow's variables
 *           and task results, and NAME becomes a result attribute.
 *
 * The sub-flow is loaded by the plan hook (so a broken file fails the task
 * with its diagnostics, and `runflow plan` shows what it would run) and run
 * by a scheduler of its own on the parent's loop and job pool: the task
 * lends its job slot back while it waits (so -j 1 cannot deadlock) and
 * takes it again before it completes.  Each sub-task is logged as
 * "parent > child".  A failed sub-task fails this task with its reason;
 * cancelling this task (timeout, signal) cancels the sub-flow and the task
 * completes once every sub-task has ended.
 *
 * runflow's `module` (a flow from a Python import) is a clear error.
 */

/* flow_run tasks nested deeper than this fail (a flow that runs itself). */
#define FRUN_MAX_DEPTH 32

static const char *const frun_blocks[] = { "export", NULL };

static const struct task_arg frun_args[] = {
	{ "path", TASK_KIND(VAL_STRING), false },
	{ "source", TASK_KIND(VAL_STRING), false },
	{ "vars", TASK_KIND(VAL_OBJECT), false },
	{ "export", TASK_KIND(VAL_OBJECT), false },
	/* runflow's; here only to say clearly that they are not taken. */
	{ "module", TASK_KIND_ANY, false },
	{ "exports", TASK_KIND_ANY, false },
	{ NULL, 0, false },
};

/* One attempt's sub-flow. */
/* One export: NAME = "EXPR", parsed. */
struct frun_export {
	const char *name;		/* the argument's key (run->arena) */
	size_t namelen;
	struct source *src;		/* owned: EXPR, named for messages */
	const struct ast_expr *expr;	/* in struct frun's ast arena */
	size_t *tasks;			/* sub-tasks it refers to */
	size_t ntasks;
};

/* One attempt's sub-flow. */
struct frun {
	struct flow_file ff;
	bool loaded;		/* ff needs flow_file_release */
	struct sched *sched;	/* the running sub-flow, or NULL */
	bool lent;		/* our job slot is lent to the pool */
	struct arena ast;	/* the exports' syntax trees */
	struct frun_export *ex;
	size_t nex;
};

/* Whether an argument is given: present and not null. */
static bool
frun_given(const struct task_argval *a)
{
	return a != NULL && (a->val == NULL || a->val->kind != VAL_NULL);
}

/* Parse text as an expression; the first error's summary, or NULL. */
static char *
frun_parse_error(const char *name, const char *text, size_t len)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct arena a = ARENA_INIT;
	struct source *src = source_new(name, text, len);
	char *err = NULL;

	parse_expr(&a, src, &dl);
	for (size_t i = 0; i < dl.n && err == NULL; i++)
		if (dl.v[i].severity == DIAG_ERROR)
			err = xstrdup(dl.v[i].summary);
	diag_list_release(&dl);
	arena_release(&a);
	source_free(src);
	return err;
}

/* One of path and source; no module; export values are expressions. */
static void
frun_check(struct task_check *c)
{
	const struct task_argval *path = task_check_find(c, "path");
	const struct task_argval *source = task_check_find(c, "source");
	const struct task_argval *module = task_check_find(c, "module");
	const struct task_argval *exports = task_check_find(c, "exports");
	const struct task_argval *ex = task_check_find(c, "export");
	struct diag *d;

	if (module != NULL) {
		d = task_check_error(c, module, "argument 'module' (a flow "
		    "imported from a Python module) is not supported");
		diag_set_detail(d, "give the flow file as 'path', or its text "
		    "as 'source'");
	}
	if (exports != NULL)
		task_check_error(c, exports, "'exports' is written as a block: "
		    "export { NAME = \"task.TYPE.NAME.ATTR\" }");
	if (frun_given(path) && frun_given(source))
		task_check_error(c, source, "give 'path' or 'source', not both");
	else if (!frun_given(path) && !frun_given(source) && module == NULL)
		task_check_error(c, NULL, "a 'flow_run' task needs 'path' (a "
		    "flow file) or 'source' (a flow's text)");
	if (ex == NULL || ex->val == NULL || ex->val->kind != VAL_OBJECT)
		return;
	for (size_t i = 0; i < ex->val->u.obj.n; i++) {
		const struct val_member *m = &ex->val->u.obj.members[i];
		char *err;

		if (m->val->kind == VAL_UNKNOWN)
			continue;
		if (m->val->kind != VAL_STRING) {
			d = task_check_error(c, ex, "export '%s' must be a "
			    "string holding an expression, not %s", m->key,
			    val_kind_name(m->val->kind));
			diag_set_detail(d, "for example \"task.bash_run.echo."
			    "stdout\", evaluated in the sub-flow");
			continue;
		}
		err = frun_parse_error(m->key, m->val->u.str.s,
		    m->val->u.str.len);
		if (err != NULL) {
			task_check_error(c, ex, "export '%s' is not an "
			    "expression: %s", m->key, err);
			free(err);
		}
	}
}

/* How many flow_run tasks enclose a task shown as display. */
static size_t
frun_depth(const char *display)
{
	size_t n = 0;

	for (const char *p = display; (p = strstr(p, " > ")) != NULL; p += 3)
		n++;
	return n;
}

/* Rendered diagnostics as text without a final newline (malloc'd). */
static char *
frun_diag_text(struct diag_list *dl)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	struct diag_list located;
	size_t k = 0;

	if (f == NULL)
		fatal("open_memstream: %s", strerror(errno));
	/*
	 * Diagnostics without a location come first; diag_render would
	 * start them with "runflow: ", which a task's reason does not need.
	 */
	diag_sort(dl);
	for (; k < dl->n && dl->v[k].src == NULL; k++) {
		fprintf(f, "%s: %s\n", dl->v[k].severity == DIAG_ERROR ?
		    "error" : "warning", dl->v[k].summary);
		if (dl->v[k].detail != NULL)
			fprintf(f, "%s\n", dl->v[k].detail);
	}
	located = *dl;
	located.v += k;
	located.n -= k;
	diag_render(f, &located, DIAG_FORMAT_TEXT, false);
	if (fclose(f) != 0)
		fatal("open_memstream: %s", strerror(errno));
	while (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	return text;
}

/* Free the sub-flow of an attempt. */
static void
frun_release(struct task_run *run)
{
	struct frun *fr = run->state;

	if (fr == NULL)
		return;
	/* The scheduler borrows the flow: it goes first. */
	sched_free(fr->sched);
	if (fr->lent && run->ctx->pool != NULL)
		sched_pool_reclaim(run->ctx->pool);
	if (fr->loaded)
		flow_file_release(&fr->ff);
	for (size_t i = 0; i < fr->nex; i++) {
		source_free(fr->ex[i].src);
		free(fr->ex[i].tasks);
	}
	free(fr->ex);
	arena_release(&fr->ast);
	free(fr);
	run->state = NULL;
}

/* What the reference walk of one export needs. */
struct frun_refs {
	struct frun *fr;
	struct frun_export *e;
	struct diag_list *dl;
};

/* Check one reference of an export against the sub-flow; record tasks. */
static void
frun_ref(const struct ast_expr *x, void *arg)
{
	struct frun_refs *r = arg;
	const struct flow *f = &r->fr->ff.flow;
	const struct ast_step *st = x->u.trav.steps;
	uint32_t n = x->nsteps;
	const struct flow_task *t;
	struct span sp = x->span;

	if (strcmp(x->u.trav.root, "var") == 0) {
		if (n > 0 && st[0].kind == AST_STEP_ATTR &&
		    flow_find_var(f, st[0].u.name) == NULL) {
			sp.end = st[0].span.end;
			diag_error(r->dl, r->e->src, sp, "the sub-flow has no "
			    "variable '%s'", st[0].u.name);
		}
		return;
	}
	if (strcmp(x->u.trav.root, "task") != 0) {
		diag_set_detail(diag_error(r->dl, r->e->src,
		    ast_trav_root_span(x), "unknown name '%s'", x->u.trav.root),
		    "an export can refer to the sub-flow's 'var.NAME' and "
		    "'task.TYPE.NAME'");
		return;
	}
	if (n < 2 || st[0].kind != AST_STEP_ATTR ||
	    st[1].kind != AST_STEP_ATTR) {
		diag_error(r->dl, r->e->src, sp, "a task reference needs a "
		    "type and a name: task.TYPE.NAME");
		return;
	}
	sp.end = st[1].span.end;
	if ((t = flow_find_task(f, st[0].u.name, st[1].u.name)) == NULL) {
		diag_error(r->dl, r->e->src, sp, "the sub-flow has no task "
		    "'task.%s.%s'", st[0].u.name, st[1].u.name);
		return;
	}
	r->e->tasks = xreallocarray(r->e->tasks, r->e->ntasks + 1,
	    sizeof(*r->e->tasks));
	r->e->tasks[r->e->ntasks++] = t->index;
}

/*
 * Parse the export expressions and check their references against the
 * loaded sub-flow, before it runs; 0, or -1 with *err.
 */
static int
frun_parse_exports(struct task_run *run, char **err)
{
	struct frun *fr = run->state;
	const struct value *ex = task_arg(run, "export");
	struct diag_list dl = DIAG_LIST_INIT;

	if (ex == NULL || ex->kind != VAL_OBJECT)
		return 0;
	fr->ex = xcalloc(ex->u.obj.n ? ex->u.obj.n : 1, sizeof(*fr->ex));
	for (size_t i = 0; i < ex->u.obj.n; i++) {
		const struct val_member *m = &ex->u.obj.members[i];
		struct frun_export *e;
		char *name;
		struct frun_refs refs;

		/* Unknown in a dry run; the check rejects other kinds. */
		if (m->val->kind != VAL_STRING)
			continue;
		e = &fr->ex[fr->nex++];
		name = xasprintf("%s.export.%s", run->id, m->key);
		refs = (struct frun_refs){ fr, e, &dl };
		e->name = m->key;
		e->namelen = m->keylen;
		e->src = source_new(name, m->val->u.str.s, m->val->u.str.len);
		free(name);
		e->expr = parse_expr(&fr->ast, e->src, &dl);
		ast_walk_traversals(e->expr, frun_ref, &refs);
	}
	if (diag_has_errors(&dl)) {
		*err = frun_diag_text(&dl);
		diag_list_release(&dl);
		return -1;
	}
	diag_list_release(&dl);
	return 0;
}

/* Load the sub-flow into run->state; 0, or -1 with *err. */
static int
frun_load(struct task_run *run, const struct value *path,
    const struct value *source, char **err)
{
	const struct value *vars = task_arg(run, "vars");
	struct diag_list dl = DIAG_LIST_INIT;
	struct flow_load_opts lo;
	struct source *src;
	struct frun *fr;
	int rc;

	if (frun_depth(run->display) >= FRUN_MAX_DEPTH) {
		*err = xasprintf("flow_run tasks are nested more than %d deep "
		    "(does a flow run itself?)", FRUN_MAX_DEPTH);
		return -1;
	}
	if (path != NULL) {
		if (memchr(path->u.str.s, '\0', path->u.str.len) != NULL) {
			*err = xstrdup("argument 'path' holds a NUL byte");
			return -1;
		}
		if ((src = source_read_file(path->u.str.s)) == NULL) {
			*err = xasprintf("cannot read flow file '%s': %s",
			    path->u.str.s, strerror(errno));
			return -1;
		}
	} else {
		char *name = xasprintf("%s.source", run->id);

		src = source_new(name, source->u.str.s, source->u.str.len);
		free(name);
	}
	fr = xcalloc(1, sizeof(*fr));
	run->state = fr;
	memset(&lo, 0, sizeof(lo));
	lo.environ = run->ctx->environ;
	/* Even without vars: the loader then speaks of 'vars', not --var. */
	if (vars != NULL && vars->kind == VAL_OBJECT) {
		lo.values = vars;
	} else {
		static const struct val_member none[1];
		size_t dup;

		lo.values = val_object(run->arena, none, 0, &dup);
	}
	rc = flow_load(&fr->ff, src, run->arena, &lo, &dl);
	fr->loaded = true;
	if (rc < 0) {
		*err = frun_diag_text(&dl);
		diag_list_release(&dl);
		return -1;
	}
	diag_list_release(&dl);
	/*
	 * Sub-tasks are logged as "parent > child", and their ids get the
	 * same prefix so that they stay unique in the run: docker_run labels
	 * its containers with them, and two flow_run tasks may run the same
	 * file side by side.
	 */
	for (size_t i = 0; i < fr->ff.flow.ntasks; i++) {
		struct flow_task *t = flow_task_at(&fr->ff.flow, i);

		t->display = arena_printf(&fr->ff.flow.arena, "%s > %s",
		    run->display, t->display);
		t->id = arena_printf(&fr->ff.flow.arena, "%s > %s", run->id,
		    t->id);
	}
	return frun_parse_exports(run, err);
}

/* Append each line of text to out, indented by two spaces. */
static void
frun_indent(struct buf *out, const char *text)
{
	while (*text != '\0') {
		const char *nl = strchr(text, '\n');
		size_t n = nl != NULL ? (size_t)(nl - text) + 1 : strlen(text);

		buf_puts(out, "  ");
		buf_append(out, text, n);
		text += n;
	}
}

/* The sub-flow's plans, task by task in start order; 0 or -1 with *err. */
static int
frun_plan_tasks(struct task_run *run, struct buf *out, char **err)
{
	struct frun *fr = run->state;
	struct flow *f = &fr->ff.flow;
	struct diag_list dl = DIAG_LIST_INIT;
	int rc = 0;

	for (size_t k = 0; k < f->ntasks && rc == 0; k++) {
		struct flow_task *t = flow_task_at(f, f->order[k]);
		const struct value *args = flow_eval_args_dry(&fr->ff, t, &dl);
		struct task_run *sub;
		struct buf one = BUF_INIT;
		char *e = NULL;

		if (diag_has_errors(&dl)) {
			*err = frun_diag_text(&dl);
			rc = -1;
			break;
		}
		sub = task_run_new(t->type, run->ctx, t->id, t->display, args,
		    run->arena, 1);
		if (task_run_plan(sub, &e) < 0) {
			*err = xasprintf("task.%s.%s: %s", t->type_name,
			    t->name, e);
			free(e);
			rc = -1;
		} else {
			buf_printf(&one, "# task.%s.%s (%s)\n", t->type_name,
			    t->name, t->display);
			task_plan_format(&sub->plan, &one);
			buf_putc(&one, '\n');
			frun_indent(out, buf_str(&one));
		}
		buf_release(&one);
		task_run_free(sub);
	}
	diag_list_release(&dl);
	return rc;
}

/*
 * The plan: load the sub-flow and describe it.  A context without a loop
 * is a dry run (nothing can run), and only then is each sub-task planned
 * as well: in a real run the sub-tasks' arguments are evaluated when they
 * start, since they may read what earlier sub-tasks write.
 */
static int
frun_plan(struct task_run *run, struct task_plan *plan, char **err)
{
	const struct value *path = task_arg(run, "path");
	const struct value *source = task_arg(run, "source");
	const struct value *which = path != NULL ? path : source;
	const struct value *text;
	struct buf b = BUF_INIT;
	size_t n;

	frun_release(run);
	if (which == NULL) {
		*err = xstrdup("a 'flow_run' task needs 'path' or 'source'");
		return -1;
	}
	if (which->kind == VAL_UNKNOWN) {
		const struct value *ref = task_plan_text(run->arena, which);

		plan->describe = xasprintf("# run the flow %s %s (known when "
		    "the task starts)", path != NULL ? "in the file" :
		    "written in", ref->u.str.s);
		return 0;
	}
	/* HCL turns a number or a bool into a string where one is asked. */
	if ((text = val_to_string(run->arena, which)) == NULL) {
		*err = xasprintf("argument '%s' must be a string",
		    path != NULL ? "path" : "source");
		return -1;
	}
	if (path != NULL)
		path = text;
	else
		source = text;
	if (frun_load(run, path, source, err) < 0)
		return -1;
	n = ((struct frun *)run->state)->ff.flow.ntasks;
	buf_printf(&b, "# run flow \"%s\" ",
	    ((struct frun *)run->state)->ff.flow.name);
	if (path != NULL)
		buf_printf(&b, "from '%s'", path->u.str.s);
	else
		buf_puts(&b, "from its source");
	buf_printf(&b, ": %zu task%s", n, n == 1 ? "" : "s");
	if (run->ctx->loop == NULL && n > 0) {
		buf_putc(&b, '\n');
		if (frun_plan_tasks(run, &b, err) < 0) {
			buf_release(&b);
			return -1;
		}
		/* The caller ends the plan with its own newline. */
		if (b.len > 0 && b.data[b.len - 1] == '\n')
			b.data[--b.len] = '\0';
	}
	plan->describe = buf_detach(&b, NULL);
	return 0;
}

/* A copy of v that needs nothing of the sub-flow's memory. */
static const struct value *
frun_copy(struct arena *a, const struct value *v)
{
	struct value *num;

	switch (v->kind) {
	case VAL_UNKNOWN:
		return v->u.unknown.ref != NULL ?
		    val_unknown_ref(a, v->u.unknown.ref) : val_unknown();
	case VAL_NULL:
		return val_null();
	case VAL_BOOL:
		return val_bool(v->u.b);
	case VAL_NUMBER:
		/* A literal's text points into the sub-flow's source. */
		num = arena_alloc(a, sizeof(*num));
		*num = *v;
		if (v->u.num.text != NULL)
			num->u.num.text = arena_strdup(a, v->u.num.text);
		return num;
	case VAL_STRING:
		return val_string(a, v->u.str.s, v->u.str.len);
	case VAL_LIST: {
		const struct value **items = xcalloc(v->u.list.n ?
		    v->u.list.n : 1, sizeof(*items));
		const struct value *r;

		for (size_t i = 0; i < v->u.list.n; i++)
			items[i] = frun_copy(a, v->u.list.items[i]);
		r = val_list(a, items, v->u.list.n);
		free(items);
		return r;
	}
	case VAL_OBJECT: {
		struct val_member *m = xcalloc(v->u.obj.n ? v->u.obj.n : 1,
		    sizeof(*m));
		const struct value *r;
		size_t dup;

		/* Keys name the sub-flow's attributes, in its arenas. */
		for (size_t i = 0; i < v->u.obj.n; i++) {
			const struct val_member *o = &v->u.obj.members[i];

			m[i].key = arena_strndup(a, o->key, o->keylen);
			m[i].keylen = o->keylen;
			m[i].val = frun_copy(a, o->val);
		}
		r = val_object(a, m, v->u.obj.n, &dup);
		free(m);
		return r;
	}
	}
	fatal("frun_copy: a value of kind %d", (int)v->kind);
}

/*
 * Evaluate the exports against the finished sub-flow: its variables and
 * the results of its tasks.  The attributes (an object; NULL without
 * exports), or NULL with *err.
 */
static const struct value *
frun_exports(struct task_run *run, char **err)
{
	struct frun *fr = run->state;
	struct val_member *m;
	struct scope scope;
	const struct value *r = NULL;
	size_t dup;

	*err = NULL;
	if (fr->nex == 0)
		return NULL;
	scope_init(&scope, &fr->ff.root, run->arena);
	for (size_t i = 0; i < fr->ff.flow.ntasks; i++) {
		const struct flow_task *t = flow_task_at(&fr->ff.flow, i);

		scope_set_task(&scope, t->type_name, t->name,
		    sched_task_result(fr->sched, i));
	}
	m = xcalloc(fr->nex, sizeof(*m));
	for (size_t i = 0; i < fr->nex && *err == NULL; i++) {
		const struct frun_export *e = &fr->ex[i];
		struct diag_list dl = DIAG_LIST_INIT;
		struct eval_ctx ec;
		const struct value *v;

		/* A task skipped by a false condition has no result. */
		for (size_t k = 0; k < e->ntasks && *err == NULL; k++) {
			const struct flow_task *t = flow_task_at(&fr->ff.flow,
			    e->tasks[k]);
			enum sched_state st = sched_task_state(fr->sched,
			    t->index);

			if (st != SCHED_SUCCEEDED)
				*err = xasprintf("export '%s' needs the result "
				    "of task.%s.%s, which was %s", e->name,
				    t->type_name, t->name, sched_state_name(st));
		}
		if (*err != NULL)
			break;
		eval_init(&ec, run->arena, &scope, &dl, e->src);
		v = eval_expr(&ec, e->expr);
		if (diag_has_errors(&dl)) {
			char *text = frun_diag_text(&dl);

			*err = xasprintf("export '%s' failed:\n%s", e->name,
			    text);
			free(text);
		}
		m[i].key = e->name;
		m[i].keylen = e->namelen;
		m[i].val = frun_copy(run->arena, v);
		diag_list_release(&dl);
	}
	if (*err == NULL)
		r = val_object(run->arena, m, fr->nex, &dup);
	free(m);
	scope_release(&scope);
	return r;
}

/* Why the sub-flow did not succeed: each failed task with its reason. */
static char *
frun_failure(struct task_run *run)
{
	struct frun *fr = run->state;
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < fr->ff.flow.ntasks; i++) {
		const char *why = sched_task_error(fr->sched, i);

		if (sched_task_state(fr->sched, i) != SCHED_FAILED)
			continue;
		if (b.len > 0)
			buf_putc(&b, '\n');
		buf_printf(&b, "task \"%s\" failed: %s",
		    flow_task_at(&fr->ff.flow, i)->display,
		    why != NULL ? why : "without a message");
	}
	if (b.len == 0)
		buf_puts(&b, "the sub-flow was stopped");
	return buf_detach(&b, NULL);
}

/* The sub-flow ended: take the slot back, then complete. */
static void
frun_done(struct sched *s, int status, void *arg)
{
	struct task_run *run = arg;
	struct frun *fr = run->state;
	const struct value *attrs;
	char *err;

	(void)s;
	if (fr->lent) {
		sched_pool_reclaim(run->ctx->pool);
		fr->lent = false;
	}
	/* Completing may free run and its state: nothing after it. */
	if (status != 0) {
		err = frun_failure(run);
		task_run_fail(run, "%s", err);
		free(err);
		return;
	}
	attrs = frun_exports(run, &err);
	if (err != NULL) {
		task_run_fail(run, "%s", err);
		free(err);
		return;
	}
	task_run_succeed(run, attrs);
}

/* Run the sub-flow the plan loaded, in the parent's job pool. */
static int
frun_start(struct task_run *run)
{
	struct frun *fr = run->state;
	struct sched_opts so = SCHED_OPTS_INIT;

	if (fr == NULL)
		fatal("flow_run: %s started without its plan", run->id);
	so.pool = run->ctx->pool;
	so.status = 0;
	so.summary = false;
	so.eval_args = flow_eval_args;
	so.eval_cond = flow_eval_cond;
	so.eval_arg = &fr->ff;
	fr->sched = sched_new(&fr->ff.flow, run->ctx, run->arena, &so);
	sched_start(fr->sched, frun_done, run);
	/* Our slot goes to the sub-tasks while we wait for them. */
	if (run->ctx->pool != NULL) {
		fr->lent = true;
		sched_pool_lend(run->ctx->pool);
	}
	return 0;
}

/* Stop the sub-flow; completion follows when its tasks have ended. */
static void
frun_cancel(struct task_run *run, enum task_cancel_why why)
{
	struct frun *fr = run->state;

	if (fr == NULL || fr->sched == NULL)
		return;
	sched_cancel(fr->sched, why == TASK_CANCEL_FORCE ? TASK_CANCEL_FORCE :
	    TASK_CANCEL_SIGNAL);
}

const struct task_type task_type_flow_run = {
	.name = "flow_run",
	.args = frun_args,
	.check = frun_check,
	.plan = frun_plan,
	.start = frun_start,
	.cancel = frun_cancel,
	.free_state = frun_release,
	.blocks = frun_blocks,
};
