/*
 * The docker_run task's arguments: a table of the 88 names runflow accepts
 * (the keyword arguments of docker-py 5's ContainerCollection.run, plus
 * `detach` and `remove`) and their translation into one `docker run`
 * command line.  The rules are those of docker-run-mapping.md, amended by
 * docker-run-decisions.md; docs/docker_run.md is the user's reference.
 *
 * One plan serves both the run and the dry run: the runner executes
 * exactly plan.argv (with its bookkeeping flags inserted at insert_at) and
 * --dry-run prints it.
 */
#ifndef RF_TASKS_DOCKER_ARGS_H
#define RF_TASKS_DOCKER_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "eval/value.h"
#include "util/strvec.h"

/* One evaluated argument of a docker_run task, as the caller found it. */
struct docker_arg {
	const char *name;		/* borrowed; the attribute name */
	const struct value *val;	/* borrowed; NULL counts as null */
	struct span span;		/* the value, for diagnostics about it */
	struct span name_span;		/* the name: an unknown or unsupported
					 * argument */
};

struct docker_opts {
	const struct source *src;	/* borrowed, for diagnostics; or NULL */
	struct span block;		/* the task block: a missing 'image' */
	bool podman;			/* the binary is podman (mapping §6) */
	const char *binary;		/* in podman messages; NULL: "podman" */
};

/*
 * The translation.  argv is what follows the program name:
 *
 *   run [--rm] <flags, long form --flag=value> IMAGE [entrypoint tail] [cmd]
 *
 * `--rm` is emitted here (unless remove = false) so a dry run prints the
 * command a person would type; the runner inserts --cidfile and its two
 * labels at argv.v[insert_at], just after `run` and `--rm`.
 *
 * Environment values are not in argv (decisions §5): for each entry argv
 * carries --env=NAME, and env_set holds "NAME=VALUE" for the docker
 * process's own environment.  env_unset lists names to remove from it:
 * entries with a null value (the container must not inherit them) and
 * DOCKER_DEFAULT_PLATFORM (mapping §2.8).  A name is in at most one of the
 * two lists.
 *
 * Every string and vector is owned by the plan.
 */
struct docker_plan {
	struct strvec argv;
	size_t insert_at;
	struct strvec env_set;
	struct strvec env_unset;
	char *image;		/* the image as written; "" when missing */
	/*
	 * The command as written, for the failure message (`Command "..." in
	 * image '...'`): a string verbatim, a list as ["a", "b"]; NULL when
	 * there is no command.
	 */
	char *command_text;
	bool rm;		/* argv carries --rm */
	bool keep_container;	/* remove = false: the container stays */
	bool stream;		/* stream = true: print output live too */
	bool result_stdout;	/* the stdout attribute has container stdout */
	bool result_stderr;	/* ... and container stderr (stderr = true) */
	/*
	 * entrypoint is empty and there is no command: before running, ask
	 * `docker image inspect -f '{{json .Config.Cmd}}' IMAGE` (after a pull
	 * if needed) and append the image's CMD to argv, as docker-py's empty
	 * entrypoint keeps the image CMD (mapping, entrypoint row).
	 */
	bool need_image_cmd;
	/*
	 * use_config_proxy = false: run docker with DOCKER_CONFIG pointing at a
	 * copy of its config.json without "proxies".  Never set for podman,
	 * where argv carries --http-proxy=false instead.
	 */
	bool no_config_proxy;
	/*
	 * Some value was unknown: argv shows ${reference} in its place.  Such
	 * a plan can be printed (dry run) but never run; the runner evaluates
	 * the arguments again once the values are known.
	 */
	bool has_unknown;
};

void docker_plan_init(struct docker_plan *plan);
void docker_plan_release(struct docker_plan *plan);

/*
 * Translate nargs arguments into plan (initialised by the caller, filled
 * from empty).  The caller passes the task's own arguments only, not the
 * flow's _depends_on, _retry and _timeout.  Problems are added to dl as
 * located diagnostics: errors for unknown names, wrong types, rejected
 * values and combinations; warnings for arguments that are dropped.
 * Returns 0, or -1 when an error was added: the plan is then incomplete
 * and must not be run.
 */
int docker_plan_build(struct docker_plan *plan, const struct docker_arg *args,
    size_t nargs, const struct docker_opts *opts, struct diag_list *dl);

/* The number of argument names in the table (88). */
size_t docker_arg_count(void);
/* The i-th name, in sorted order (i < docker_arg_count()). */
const char *docker_arg_name(size_t i);
/* Whether name is a docker_run argument. */
bool docker_arg_known(const char *name);

#endif
