#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"
#include "util/buf.h"
#include "util/xmalloc.h"

/* Grow an arena-held array of size-byte elements to hold one more. */
static void *
arena_grow(struct arena *a, void *v, size_t n, size_t *alloc, size_t size)
{
	void *nv;

	if (n < *alloc)
		return v;
	*alloc = *alloc ? *alloc * 2 : 8;
	nv = arena_calloc(a, *alloc, size);
	if (n > 0)
		memcpy(nv, v, n * size);
	return nv;
}

/* Start an empty flow. */
void
flow_init(struct flow *f, const char *name, const struct source *src)
{
	memset(f, 0, sizeof(*f));
	arena_init(&f->arena);
	f->name = arena_strdup(&f->arena, name);
	f->src = src;
}

/* Free a task's own allocations. */
void
flow_task_release(struct flow_task *t)
{
	retry_policy_release(&t->retry);
}

/* Free everything the flow owns. */
void
flow_release(struct flow *f)
{
	for (size_t i = 0; i < f->ntasks; i++)
		flow_task_release(f->tasks[i]);
	dag_release(&f->dag);
	free(f->order);
	free(f->task_slot);
	arena_release(&f->arena);
	memset(f, 0, sizeof(*f));
}

/* FNV-1a of TYPE "." NAME (collisions are told apart by comparing). */
static uint32_t
task_hash(const char *type_name, const char *name)
{
	uint64_t h = UINT64_C(1469598103934665603);
	const char *s;

	for (s = type_name; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	h = (h ^ '.') * UINT64_C(1099511628211);
	for (s = name; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return (uint32_t)(h ^ (h >> 32));
}

/* Put task i into the index (which has room). */
static void
task_index_put(struct flow *f, size_t i)
{
	const struct flow_task *t = f->tasks[i];
	size_t j = task_hash(t->type_name, t->name) & f->task_mask;

	while (f->task_slot[j] != 0)
		j = (j + 1) & f->task_mask;
	f->task_slot[j] = (uint32_t)i + 1;
}

/* Keep the index at most half full, so lookups stay short. */
static void
task_index_grow(struct flow *f)
{
	size_t size = f->task_mask + 1;

	if (f->task_slot != NULL && (f->ntasks + 1) * 2 <= size)
		return;
	size = f->task_slot == NULL ? 64 : size * 2;
	free(f->task_slot);
	f->task_slot = xcalloc(size, sizeof(*f->task_slot));
	f->task_mask = size - 1;
	for (size_t i = 0; i < f->ntasks; i++)
		task_index_put(f, i);
}

/* Append a new task unless TYPE.NAME exists. */
struct flow_task *
flow_add_task(struct flow *f, const char *type_name, const char *name)
{
	struct flow_task *t;

	if (flow_find_task(f, type_name, name) != NULL)
		return NULL;
	f->tasks = arena_grow(&f->arena, f->tasks, f->ntasks, &f->atasks,
	    sizeof(*f->tasks));
	t = arena_calloc(&f->arena, 1, sizeof(*t));
	t->index = f->ntasks;
	t->type_name = arena_strdup(&f->arena, type_name);
	t->name = arena_strdup(&f->arena, name);
	t->id = arena_printf(&f->arena, "task.%s.%s", type_name, name);
	t->display = t->name;
	retry_policy_init(&t->retry);
	task_index_grow(f);
	f->tasks[f->ntasks++] = t;
	task_index_put(f, f->ntasks - 1);
	return t;
}

/* Look a task up by type and name. */
struct flow_task *
flow_find_task(const struct flow *f, const char *type_name, const char *name)
{
	size_t j;

	if (f->task_slot == NULL)
		return NULL;
	for (j = task_hash(type_name, name) & f->task_mask;
	    f->task_slot[j] != 0; j = (j + 1) & f->task_mask) {
		struct flow_task *t = f->tasks[f->task_slot[j] - 1];

		if (strcmp(t->type_name, type_name) == 0 &&
		    strcmp(t->name, name) == 0)
			return t;
	}
	return NULL;
}

/* The task at index i. */
struct flow_task *
flow_task_at(const struct flow *f, size_t i)
{
	if (i >= f->ntasks)
		fatal("flow_task_at: %zu out of range", i);
	return f->tasks[i];
}

/* Append a variable unless it exists. */
struct flow_var *
flow_add_var(struct flow *f, const char *name)
{
	struct flow_var *v;

	if (flow_find_var(f, name) != NULL)
		return NULL;
	f->vars = arena_grow(&f->arena, f->vars, f->nvars, &f->avars,
	    sizeof(*f->vars));
	v = &f->vars[f->nvars++];
	memset(v, 0, sizeof(*v));
	v->name = arena_strdup(&f->arena, name);
	return v;
}

/* Look a variable up by name. */
struct flow_var *
flow_find_var(const struct flow *f, const char *name)
{
	for (size_t i = 0; i < f->nvars; i++)
		if (strcmp(f->vars[i].name, name) == 0)
			return &f->vars[i];
	return NULL;
}

/* Record a dependency, keeping the first place it was written. */
void
flow_add_dep(struct flow *f, struct flow_task *t, size_t dep,
    struct span span, bool explicit_dep)
{
	if (dep >= f->ntasks)
		fatal("flow_add_dep: task %zu out of range", dep);
	for (size_t i = 0; i < t->ndeps; i++) {
		if (t->deps[i].task == dep) {
			/* Listed in _depends_on counts, whatever came first. */
			t->deps[i].explicit_dep |= explicit_dep;
			return;
		}
	}
	t->deps = arena_grow(&f->arena, t->deps, t->ndeps, &t->adeps,
	    sizeof(*t->deps));
	t->deps[t->ndeps].task = dep;
	t->deps[t->ndeps].span = span;
	t->deps[t->ndeps].explicit_dep = explicit_dep;
	t->ndeps++;
}

/* Append a condition. */
void
flow_add_cond(struct flow *f, struct flow_task *t, const struct flow_cond *c)
{
	t->conds = arena_grow(&f->arena, t->conds, t->nconds, &t->aconds,
	    sizeof(*t->conds));
	t->conds[t->nconds++] = *c;
}

/* The place a dependency of t on dep was written, for the cycle report. */
static struct span
dep_span(const struct flow_task *t, size_t dep)
{
	for (size_t i = 0; i < t->ndeps; i++)
		if (t->deps[i].task == dep && t->deps[i].span.end != 0)
			return t->deps[i].span;
	return t->name_span;
}

/* Build the graph, check it for cycles and compute the stable order. */
int
flow_build_dag(struct flow *f, struct diag_list *dl)
{
	size_t *cycle = NULL, ncycle = 0;
	struct buf b = BUF_INIT;
	struct diag *d;

	dag_release(&f->dag);
	free(f->order);
	dag_init(&f->dag, f->ntasks);
	f->order = xcalloc(f->ntasks ? f->ntasks : 1, sizeof(*f->order));
	for (size_t i = 0; i < f->ntasks; i++)
		for (size_t k = 0; k < f->tasks[i]->ndeps; k++)
			dag_add_edge(&f->dag, f->tasks[i]->deps[k].task, i);
	if (dag_order(&f->dag, f->order, &cycle, &ncycle) == 0)
		return 0;
	/* Each task in cycle[] depends on the next one. */
	for (size_t k = 0; k < ncycle; k++)
		buf_printf(&b, "%s -> ", f->tasks[cycle[k]]->id);
	buf_puts(&b, f->tasks[cycle[0]]->id);
	d = diag_error(dl, f->src,
	    dep_span(f->tasks[cycle[0]], cycle[ncycle > 1 ? 1 : 0]),
	    "dependency cycle: %s", buf_str(&b));
	diag_set_detail(d, "a task cannot depend on itself, directly or "
	    "through other tasks; remove one of these references");
	buf_release(&b);
	free(cycle);
	return -1;
}
