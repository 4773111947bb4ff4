/*
 * docker_run on a Swarm engine (docs/swarm.md): which arguments a one-shot
 * Swarm job can express, and the `docker service create` arguments that
 * stand for a `docker run` translation (docker_args.h).
 *
 * The check is by argument: a row of the table says a service expresses
 * it (its `docker run` flags are then converted flag by flag), or why it
 * cannot.  Arguments that are null, false, "" or empty are not looked at.
 */
#ifndef RF_TASKS_DOCKER_SWARM_H
#define RF_TASKS_DOCKER_SWARM_H

#include <stdbool.h>
#include <stddef.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "tasks/docker_args.h"
#include "util/strvec.h"

/*
 * Report an error to dl, located at the argument, for each argument a
 * service cannot express, naming the argument and the engine:
 *   argument 'privileged' cannot run on swarm engine 'cluster': ...
 * Returns the number of errors.
 */
size_t docker_swarm_check(const struct docker_arg *args, size_t nargs,
    const char *engine, const struct source *src, struct diag_list *dl);

/*
 * Append to out the `docker service create` arguments for the translation
 * dp (after the job's own flags): the converted flags, then IMAGE and its
 * arguments.  Returns 0, or -1 with *err (malloc'd) for a value with no
 * service form (a tmpfs option, a volume's propagation mode).
 */
int docker_swarm_args(const struct docker_plan *dp, struct strvec *out,
    char **err);

/* The swarm row of argument name: true when a service expresses it. */
bool docker_swarm_supports(const char *name, const char **why);

#endif
