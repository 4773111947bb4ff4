#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "eval/scope.h"
#include "util/xmalloc.h"

/* Start an empty scope. */
void
scope_init(struct scope *s, struct scope *parent, struct arena *a)
{
	memset(s, 0, sizeof(*s));
	s->parent = parent;
	s->arena = a;
}

/* Free the arrays. */
void
scope_release(struct scope *s)
{
	free(s->v);
	free(s->tasks);
	scope_init(s, NULL, NULL);
}

/* Bind or rebind a name in s. */
void
scope_set(struct scope *s, const char *name, const struct value *v)
{
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].name, name) == 0) {
			s->v[i].val = v;
			return;
		}
	}
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 4;
		s->v = xreallocarray(s->v, s->alloc, sizeof(*s->v));
	}
	s->v[s->n].name = name;
	s->v[s->n].val = v;
	s->n++;
}

/* Record a task result (NULL: not run yet). */
void
scope_set_task(struct scope *s, const char *type, const char *name,
    const struct value *result)
{
	if (s->arena == NULL)
		fatal("scope_set_task: scope has no arena");
	s->has_tasks = true;
	s->task_obj = NULL;
	for (size_t i = 0; i < s->ntasks; i++) {
		if (strcmp(s->tasks[i].type, type) == 0 &&
		    strcmp(s->tasks[i].name, name) == 0) {
			s->tasks[i].val = result;
			return;
		}
	}
	if (s->ntasks == s->atasks) {
		s->atasks = s->atasks ? s->atasks * 2 : 8;
		s->tasks = xreallocarray(s->tasks, s->atasks, sizeof(*s->tasks));
	}
	s->tasks[s->ntasks].type = type;
	s->tasks[s->ntasks].name = name;
	s->tasks[s->ntasks].val = result;
	s->ntasks++;
}

/* qsort comparator: by type, then name. */
static int
task_compare(const void *pa, const void *pb)
{
	const struct scope_task *a = pa, *b = pb;
	int c = strcmp(a->type, b->type);

	return c != 0 ? c : strcmp(a->name, b->name);
}

/*
 * Build {TYPE = {NAME = result}} from the recorded tasks; a task not run
 * yet becomes an unknown value referring to "task.TYPE.NAME".
 */
static const struct value *
scope_build_tasks(struct scope *s)
{
	struct scope_task *t;
	struct val_member *outer, *inner;
	size_t i, j, k, nouter = 0;
	const struct value *v;

	t = xreallocarray(NULL, s->ntasks ? s->ntasks : 1, sizeof(*t));
	memcpy(t, s->tasks, s->ntasks * sizeof(*t));
	qsort(t, s->ntasks, sizeof(*t), task_compare);
	outer = xreallocarray(NULL, s->ntasks ? s->ntasks : 1, sizeof(*outer));
	inner = xreallocarray(NULL, s->ntasks ? s->ntasks : 1, sizeof(*inner));
	for (i = 0; i < s->ntasks; i = j) {
		for (j = i; j < s->ntasks && strcmp(t[j].type, t[i].type) == 0;
		    j++) {
			k = j - i;
			inner[k].key = t[j].name;
			inner[k].keylen = strlen(t[j].name);
			inner[k].val = t[j].val != NULL ? t[j].val :
			    val_unknown_ref(s->arena, arena_printf(s->arena,
			    "task.%s.%s", t[j].type, t[j].name));
		}
		v = val_object(s->arena, inner, j - i, NULL);
		if (v == NULL)
			fatal("scope_build_tasks: duplicate task");
		outer[nouter].key = t[i].type;
		outer[nouter].keylen = strlen(t[i].type);
		outer[nouter].val = v;
		nouter++;
	}
	v = val_object(s->arena, outer, nouter, NULL);
	if (v == NULL)
		fatal("scope_build_tasks: duplicate task type");
	free(inner);
	free(outer);
	free(t);
	return v;
}

/* Look a name up, innermost scope first. */
const struct value *
scope_lookup(struct scope *s, const char *name)
{
	for (; s != NULL; s = s->parent) {
		if (s->has_tasks && strcmp(name, "task") == 0) {
			if (s->task_obj == NULL)
				s->task_obj = scope_build_tasks(s);
			return s->task_obj;
		}
		for (size_t i = 0; i < s->n; i++)
			if (strcmp(s->v[i].name, name) == 0)
				return s->v[i].val;
	}
	return NULL;
}

/* Whether name is among the first n of names. */
static bool
names_have(const char **names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* Every visible name, once each. */
const char **
scope_names(const struct scope *s, size_t *n)
{
	const struct scope *p;
	const char **names;
	size_t total = 0, k = 0;

	for (p = s; p != NULL; p = p->parent)
		total += p->n + (p->has_tasks ? 1 : 0);
	names = xreallocarray(NULL, total ? total : 1, sizeof(*names));
	for (p = s; p != NULL; p = p->parent) {
		if (p->has_tasks && !names_have(names, k, "task"))
			names[k++] = "task";
		for (size_t i = 0; i < p->n; i++)
			if (!names_have(names, k, p->v[i].name))
				names[k++] = p->v[i].name;
	}
	*n = k;
	return names;
}

/* Bind the keys of a JSON object file. */
int
scope_set_json_file(struct scope *s, const char *path, struct diag_list *dl,
    struct source **srcp)
{
	struct source *src;
	const struct value *v;
	const char *err = NULL;
	int line = 0, column = 0;
	size_t off = 0;

	if (s->arena == NULL)
		fatal("scope_set_json_file: scope has no arena");
	*srcp = NULL;
	src = source_read_file(path);
	if (src == NULL)
		return -1;
	*srcp = src;
	v = val_from_json(s->arena, src->text, src->len, &err, &line, &column);
	if (v == NULL) {
		if (line >= 1 && (size_t)line <= source_nlines(src)) {
			off = source_line_start(src, (size_t)line);
			if (column > 1)
				off += (size_t)column - 1;
		}
		if (off > src->len)
			off = src->len;
		diag_error(dl, src, span_make(off, off + 1),
		    "invalid JSON in the variables file: %s", err);
		return 0;
	}
	if (v->kind != VAL_OBJECT) {
		diag_error(dl, src, span_make(0, src->len),
		    "the variables file must hold a JSON object, not %s",
		    val_kind_name(v->kind));
		return 0;
	}
	for (size_t i = 0; i < v->u.obj.n; i++)
		scope_set(s, v->u.obj.members[i].key, v->u.obj.members[i].val);
	return 0;
}
