/*
 * Docker engines as configuration, and the placement of docker_run tasks
 * on them (docs/engines.md).
 *
 * An engine is a name for a Docker daemon the docker CLI can reach: a
 * DOCKER_HOST (unix://, tcp://, ssh://) or a docker context, of kind
 * docker (containers with `docker run`) or swarm (one-shot Swarm jobs,
 * docs/swarm.md), with a number of slots: how many of this run's
 * containers may run there at once.  The settings file defines engines;
 * --engine NAME puts one into the run's pool; `_engine = "NAME"` on a
 * task pins it.
 *
 * Placement: a task goes to its pinned engine, else to the pool engine
 * with the most free slots (ties in definition order), preferring an
 * engine other than the one the task's previous attempt failed on, and
 * skipping engines found unreachable while a reachable one is left.  When
 * no engine has a free slot the request waits; a released slot is given
 * to the waiting requests in the order they came.
 *
 * Ownership: the set owns its engines and their strings; a struct engine
 * pointer is valid until engine_set_free().  A waiting request is owned
 * by the set until it is granted (its callback runs from a loop timer,
 * never inside the call that freed the slot) or cancelled.
 */
#ifndef RF_TASKS_ENGINE_H
#define RF_TASKS_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "exec/loop.h"
#include "util/strvec.h"

enum engine_kind {
	ENGINE_DOCKER,		/* docker run */
	ENGINE_SWARM,		/* docker service create --mode replicated-job */
};

/* The slots of an engine defined without `slots`. */
#define ENGINE_DEFAULT_SLOTS 4
#define ENGINE_MAX_SLOTS 10000

struct engine {
	char *name;
	char *host;		/* DOCKER_HOST for the CLI, or NULL */
	char *context;		/* DOCKER_CONTEXT for the CLI, or NULL */
	char *binary;		/* the docker program, or NULL: the run's */
	enum engine_kind kind;
	unsigned slots;
	/* The run's. */
	bool in_pool;		/* chosen with --engine */
	bool down;		/* found unreachable during the run */
	unsigned used;		/* slots taken */
	size_t index;		/* definition order */
};

struct engine_set;
struct engine_wait;

/* A granted request: e holds one slot for the caller. */
typedef void (*engine_grant_cb)(struct engine *e, void *arg);

struct engine_set *engine_set_new(void);
void engine_set_free(struct engine_set *s);

/*
 * Define an engine called name (copied) with the defaults (kind docker,
 * ENGINE_DEFAULT_SLOTS, the CLI's own default engine); NULL when the name
 * is taken.
 */
struct engine *engine_define(struct engine_set *s, const char *name);
/* Whether name is a valid engine name: letters, digits, '.', '_', '-'. */
bool engine_name_ok(const char *name);
/* The engine called name, or NULL. */
struct engine *engine_find(const struct engine_set *s, const char *name);
/* Every engine in definition order; sets *n. */
struct engine *const *engine_list(const struct engine_set *s, size_t *n);
/* "docker" or "swarm". */
const char *engine_kind_name(enum engine_kind kind);
/* Parse "docker" or "swarm"; 0, or -1. */
int engine_kind_parse(const char *s, enum engine_kind *out);

/* Put the engine called name into the pool; 0, or -1 when unknown. */
int engine_pool_add(struct engine_set *s, const char *name);
/* Whether the pool has any engine (s may be NULL). */
bool engine_pool_active(const struct engine_set *s);
/* The slots of the pool's engines, added up. */
unsigned engine_pool_slots(const struct engine_set *s);

/*
 * The engine a request would get now, without taking it: the pinned one
 * when it has a free slot, else the best pool engine with a free slot
 * (avoid, if not NULL, only when nothing else is free), else NULL.  With
 * pinned == NULL and an empty pool there is never an engine.
 */
struct engine *engine_pick(const struct engine_set *s, struct engine *pinned,
    const struct engine *avoid);
/*
 * Where a dry run shows a task: pinned, else the pool engine a request
 * would get if nothing ran; NULL with an empty pool.
 */
struct engine *engine_preview(const struct engine_set *s,
    struct engine *pinned);
/*
 * Ask for a slot.  When one is free now it is taken, *got is set and NULL
 * is returned.  Otherwise *got is NULL and a waiting request is returned:
 * cb(engine, arg) runs from a timer on loop once a slot was taken for it.
 */
struct engine_wait *engine_acquire(struct engine_set *s, struct loop *loop,
    struct engine *pinned, const struct engine *avoid, engine_grant_cb cb,
    void *arg, struct engine **got);
/* Withdraw a waiting request (not after its callback ran). */
void engine_wait_cancel(struct engine_set *s, struct engine_wait *w);
/* Give back a slot of e and grant what waits. */
void engine_release(struct engine_set *s, struct engine *e);
/* Note that e could not be reached: placement avoids it from now on. */
void engine_mark_down(struct engine_set *s, struct engine *e);

/*
 * The docker CLI's environment for e: base without DOCKER_HOST and
 * DOCKER_CONTEXT, then the engine's own (e == NULL: base as it is).
 */
void engine_environ(const struct engine *e, char *const *base,
    struct strvec *out);
/*
 * What e adds to a plan: "NAME=VALUE" entries into set and names to remove
 * into unset (nothing for NULL).
 */
void engine_plan_env(const struct engine *e, struct strvec *set,
    struct strvec *unset);

#endif
