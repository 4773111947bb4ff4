#include "config.h"

#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "tasks/engine.h"
#include "util/xmalloc.h"

/* A request waiting for a slot. */
struct engine_wait {
	struct engine *pinned;
	const struct engine *avoid;
	engine_grant_cb cb;
	void *arg;
	struct loop *loop;
	struct engine *got;		/* set when granted */
	struct loop_timer *timer;	/* the pending callback */
	struct engine_set *set;
	TAILQ_ENTRY(engine_wait) entry;
};

TAILQ_HEAD(engine_waits, engine_wait);

struct engine_set {
	struct engine **v;
	size_t n, alloc;
	struct engine_waits waits;	/* in arrival order */
	struct engine_waits granted;	/* callbacks not yet run */
};

/* An empty set. */
struct engine_set *
engine_set_new(void)
{
	struct engine_set *s = xcalloc(1, sizeof(*s));

	TAILQ_INIT(&s->waits);
	TAILQ_INIT(&s->granted);
	return s;
}

/* Free the set, its engines and any request still waiting. */
void
engine_set_free(struct engine_set *s)
{
	struct engine_wait *w;

	if (s == NULL)
		return;
	while ((w = TAILQ_FIRST(&s->waits)) != NULL) {
		TAILQ_REMOVE(&s->waits, w, entry);
		free(w);
	}
	while ((w = TAILQ_FIRST(&s->granted)) != NULL) {
		TAILQ_REMOVE(&s->granted, w, entry);
		loop_timer_cancel(w->loop, w->timer);
		free(w);
	}
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i]->name);
		free(s->v[i]->host);
		free(s->v[i]->context);
		free(s->v[i]->binary);
		free(s->v[i]);
	}
	free(s->v);
	free(s);
}

/* Whether name has only letters, digits, '.', '_' and '-'. */
bool
engine_name_ok(const char *name)
{
	if (*name == '\0')
		return false;
	for (const char *p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-'))
			return false;
	return true;
}

/* Define an engine with the defaults. */
struct engine *
engine_define(struct engine_set *s, const char *name)
{
	struct engine *e;

	if (engine_find(s, name) != NULL)
		return NULL;
	e = xcalloc(1, sizeof(*e));
	e->name = xstrdup(name);
	e->kind = ENGINE_DOCKER;
	e->slots = ENGINE_DEFAULT_SLOTS;
	e->index = s->n;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 4;
		s->v = xreallocarray(s->v, s->alloc, sizeof(*s->v));
	}
	s->v[s->n++] = e;
	return e;
}

/* Find an engine by name. */
struct engine *
engine_find(const struct engine_set *s, const char *name)
{
	for (size_t i = 0; s != NULL && i < s->n; i++)
		if (strcmp(s->v[i]->name, name) == 0)
			return s->v[i];
	return NULL;
}

/* The engines in definition order. */
struct engine *const *
engine_list(const struct engine_set *s, size_t *n)
{
	*n = s != NULL ? s->n : 0;
	return s != NULL ? s->v : NULL;
}

/* The name of a kind. */
const char *
engine_kind_name(enum engine_kind kind)
{
	return kind == ENGINE_SWARM ? "swarm" : "docker";
}

/* Parse a kind. */
int
engine_kind_parse(const char *s, enum engine_kind *out)
{
	if (strcmp(s, "docker") == 0)
		*out = ENGINE_DOCKER;
	else if (strcmp(s, "swarm") == 0)
		*out = ENGINE_SWARM;
	else
		return -1;
	return 0;
}

/* Put an engine into the pool. */
int
engine_pool_add(struct engine_set *s, const char *name)
{
	struct engine *e = engine_find(s, name);

	if (e == NULL)
		return -1;
	e->in_pool = true;
	return 0;
}

/* Whether any engine is in the pool. */
bool
engine_pool_active(const struct engine_set *s)
{
	for (size_t i = 0; s != NULL && i < s->n; i++)
		if (s->v[i]->in_pool)
			return true;
	return false;
}

/* The pool's slots. */
unsigned
engine_pool_slots(const struct engine_set *s)
{
	unsigned n = 0;

	for (size_t i = 0; s != NULL && i < s->n; i++)
		if (s->v[i]->in_pool)
			n += s->v[i]->slots;
	return n;
}

/*
 * Whether a is a better place than b (b may be NULL): reachable first,
 * then not the engine to avoid, then more free slots; ties keep the
 * earlier definition, since the engines are visited in that order.
 */
static bool
better(const struct engine *a, const struct engine *b,
    const struct engine *avoid)
{
	if (b == NULL)
		return true;
	if (a->down != b->down)
		return !a->down;
	if ((a == avoid) != (b == avoid))
		return b == avoid;
	return a->slots - a->used > b->slots - b->used;
}

/* The engine a request would get now. */
struct engine *
engine_pick(const struct engine_set *s, struct engine *pinned,
    const struct engine *avoid)
{
	struct engine *best = NULL;

	if (pinned != NULL)
		return pinned->used < pinned->slots ? pinned : NULL;
	for (size_t i = 0; s != NULL && i < s->n; i++) {
		struct engine *e = s->v[i];

		if (!e->in_pool || e->used >= e->slots)
			continue;
		if (better(e, best, avoid))
			best = e;
	}
	/*
	 * An unreachable engine gets a request only when the whole pool is
	 * down (the task then fails at once with the engine's name); while a
	 * reachable engine is merely full, the request waits for it.
	 */
	if (best != NULL && best->down) {
		for (size_t i = 0; i < s->n; i++)
			if (s->v[i]->in_pool && !s->v[i]->down)
				return NULL;
	}
	return best;
}

/* Where a dry run places a task. */
struct engine *
engine_preview(const struct engine_set *s, struct engine *pinned)
{
	struct engine *best = NULL;

	if (pinned != NULL)
		return pinned;
	for (size_t i = 0; s != NULL && i < s->n; i++)
		if (s->v[i]->in_pool && (best == NULL ||
		    s->v[i]->slots > best->slots))
			best = s->v[i];
	return best;
}

/* Timer: run a granted request's callback. */
static void
grant_fire(struct loop *loop, void *arg)
{
	struct engine_wait *w = arg;
	engine_grant_cb cb = w->cb;
	struct engine *e = w->got;
	void *cbarg = w->arg;

	(void)loop;
	TAILQ_REMOVE(&w->set->granted, w, entry);
	free(w);
	cb(e, cbarg);
}

/* Give free slots to waiting requests, first come first served. */
static void
grant_waiting(struct engine_set *s)
{
	struct engine_wait *w, *next;

	for (w = TAILQ_FIRST(&s->waits); w != NULL; w = next) {
		struct engine *e = engine_pick(s, w->pinned, w->avoid);

		next = TAILQ_NEXT(w, entry);
		if (e == NULL)
			continue;
		e->used++;
		w->got = e;
		TAILQ_REMOVE(&s->waits, w, entry);
		TAILQ_INSERT_TAIL(&s->granted, w, entry);
		w->timer = loop_timer_add(w->loop, loop_now_ms(), grant_fire, w);
	}
}

/* Take a slot now, or queue the request. */
struct engine_wait *
engine_acquire(struct engine_set *s, struct loop *loop, struct engine *pinned,
    const struct engine *avoid, engine_grant_cb cb, void *arg,
    struct engine **got)
{
	struct engine_wait *w;
	struct engine *e;

	/* Nothing jumps the queue: a free slot goes to earlier requests. */
	e = TAILQ_EMPTY(&s->waits) ? engine_pick(s, pinned, avoid) : NULL;
	if (e != NULL) {
		e->used++;
		*got = e;
		return NULL;
	}
	*got = NULL;
	w = xcalloc(1, sizeof(*w));
	w->pinned = pinned;
	w->avoid = avoid;
	w->cb = cb;
	w->arg = arg;
	w->loop = loop;
	w->set = s;
	TAILQ_INSERT_TAIL(&s->waits, w, entry);
	grant_waiting(s);
	return w;
}

/* Withdraw a request. */
void
engine_wait_cancel(struct engine_set *s, struct engine_wait *w)
{
	if (w == NULL)
		return;
	if (w->got != NULL) {
		/* Granted, callback pending: give the slot back. */
		TAILQ_REMOVE(&s->granted, w, entry);
		loop_timer_cancel(w->loop, w->timer);
		w->got->used--;
		free(w);
		grant_waiting(s);
		return;
	}
	TAILQ_REMOVE(&s->waits, w, entry);
	free(w);
}

/* Give a slot back. */
void
engine_release(struct engine_set *s, struct engine *e)
{
	if (e->used == 0)
		fatal("engine_release: engine '%s' has no slot in use", e->name);
	e->used--;
	grant_waiting(s);
}

/* Mark an engine unreachable. */
void
engine_mark_down(struct engine_set *s, struct engine *e)
{
	e->down = true;
	/* Placement changed: look at what waits again. */
	grant_waiting(s);
}

/* Whether kv ("NAME=...") is DOCKER_HOST or DOCKER_CONTEXT. */
static bool
engine_var(const char *kv)
{
	return strncmp(kv, "DOCKER_HOST=", 12) == 0 ||
	    strncmp(kv, "DOCKER_CONTEXT=", 15) == 0;
}

/* The CLI's environment for an engine. */
void
engine_environ(const struct engine *e, char *const *base, struct strvec *out)
{
	struct strvec unset = STRVEC_INIT;

	for (size_t i = 0; base != NULL && base[i] != NULL; i++)
		if (e == NULL || (e->host == NULL && e->context == NULL) ||
		    !engine_var(base[i]))
			strvec_push(out, base[i]);
	engine_plan_env(e, out, &unset);
	strvec_release(&unset);
}

/* The plan entries for an engine. */
void
engine_plan_env(const struct engine *e, struct strvec *set,
    struct strvec *unset)
{
	if (e == NULL)
		return;
	if (e->host != NULL) {
		strvec_pushf(set, "DOCKER_HOST=%s", e->host);
		strvec_push(unset, "DOCKER_CONTEXT");
	} else if (e->context != NULL) {
		strvec_pushf(set, "DOCKER_CONTEXT=%s", e->context);
		strvec_push(unset, "DOCKER_HOST");
	}
}
