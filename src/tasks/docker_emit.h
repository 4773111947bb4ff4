/*
 * Inside the docker_run translation: the emitters that turn one argument's
 * value into `docker run` flags, and the context they share.  Only
 * docker_args.c (the table and the driver) and docker_emit.c use this
 * header; everyone else uses docker_args.h.
 */
#ifndef RF_TASKS_DOCKER_EMIT_H
#define RF_TASKS_DOCKER_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag/diag.h"
#include "eval/value.h"
#include "tasks/docker_args.h"
#include "util/buf.h"
#include "util/strvec.h"

/* The number of rows of the table. */
#define DEMIT_NARGS 88

struct demit_ctx;
typedef void (*demit_cb)(struct demit_ctx *c, const struct value *v);

/* Row flags. */
#define DA_FALSY	0x01u	/* call the emitter for falsy values too */
#define DA_OWN_UNKNOWN	0x02u	/* the emitter shows unknown values itself */
#define DA_REJECT	0x04u	/* an error even when null; note says why */
#define DA_NO_PODMAN	0x08u	/* podman run has no such flag */
#define DA_STR_ONE	0x10u	/* a string counts as a one-item list */
#define DA_STR_SPLIT	0x20u	/* a string is a comma-separated list */
#define DA_CONVERT	0x40u	/* map values go through HCL's tostring */
#define DA_DROP_INT	0x80u	/* dropped; must be an integer */
#define DA_DROP_BYTES	0x100u	/* dropped; must be a byte size */
#define DA_DROP_MAP_LIST 0x200u	/* dropped; must be a map or a list */

/* One row of the argument table. */
struct demit_def {
	const char *name;
	const char *flag;	/* the flag, or NULL when it has none */
	demit_cb emit;
	unsigned flags;		/* DA_* */
	/*
	 * The error of a demit_reject row, the reason of a dropped one, the
	 * workaround shown when podman lacks the flag, or the key of a
	 * path:rate list.
	 */
	const char *note;
};

/* One environment entry being collected (later entries win). */
struct demit_env {
	char *name;
	char *value;		/* NULL: unset in the container */
	bool placeholder;	/* name is a whole ${ref} list item */
};

/* The state of one translation. */
struct demit_ctx {
	struct docker_plan *plan;
	const struct docker_opts *opts;
	struct diag_list *dl;
	const char *binary;			/* for podman messages */
	const struct demit_def *def;		/* the row being emitted */
	const struct docker_arg *arg;		/* where diagnostics point */
	const struct docker_arg *given[DEMIT_NARGS];
	struct strvec flags;			/* between IMAGE and `run` */
	struct strvec ep;			/* entrypoint words */
	struct strvec cmd;			/* command words */
	bool ep_given;				/* entrypoint known, not null */
	bool cmd_unknown;			/* command is a placeholder */
	bool network_disabled;
	bool auto_remove;
	int nerr;
};

/* Add an error at the current argument's value. */
void demit_error(struct demit_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Add an error at the current argument's name (unknown, unsupported). */
void demit_name_error(struct demit_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Add a warning at the current argument's value. */
void demit_warning(struct demit_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * The text an unknown value is shown as, "${ref}" (malloc'd), or NULL for
 * the unknown result of a failed expression; marks the plan unknown.
 */
char *demit_placeholder(struct demit_ctx *c, const struct value *v);
/* Append --flag=value to the flags. */
void demit_flag(struct demit_ctx *c, const char *flag, const char *value);
/* Python's bool(v) is false: null, false, 0, "", [] or {}. */
bool demit_falsy(const struct value *v);

/* The emitters, one per kind of row (docker_emit.c). */
void demit_auto_remove(struct demit_ctx *c, const struct value *v);
void demit_bool(struct demit_ctx *c, const struct value *v);
void demit_bytes(struct demit_ctx *c, const struct value *v);
void demit_command(struct demit_ctx *c, const struct value *v);
void demit_device_requests(struct demit_ctx *c, const struct value *v);
void demit_devices(struct demit_ctx *c, const struct value *v);
void demit_drop(struct demit_ctx *c, const struct value *v);
void demit_entrypoint(struct demit_ctx *c, const struct value *v);
void demit_environment(struct demit_ctx *c, const struct value *v);
void demit_extra_hosts(struct demit_ctx *c, const struct value *v);
void demit_healthcheck(struct demit_ctx *c, const struct value *v);
void demit_host_only(struct demit_ctx *c, const struct value *v);
void demit_image(struct demit_ctx *c, const struct value *v);
void demit_init(struct demit_ctx *c, const struct value *v);
void demit_int(struct demit_ctx *c, const struct value *v);
void demit_labels(struct demit_ctx *c, const struct value *v);
void demit_links(struct demit_ctx *c, const struct value *v);
void demit_log_config(struct demit_ctx *c, const struct value *v);
void demit_map_kv(struct demit_ctx *c, const struct value *v);
void demit_mounts(struct demit_ctx *c, const struct value *v);
void demit_nano_cpus(struct demit_ctx *c, const struct value *v);
void demit_network_disabled(struct demit_ctx *c, const struct value *v);
void demit_path_rate(struct demit_ctx *c, const struct value *v);
void demit_ports(struct demit_ctx *c, const struct value *v);
void demit_reject(struct demit_ctx *c, const struct value *v);
void demit_remove(struct demit_ctx *c, const struct value *v);
void demit_restart_policy(struct demit_ctx *c, const struct value *v);
void demit_result_stream(struct demit_ctx *c, const struct value *v);
void demit_scalar(struct demit_ctx *c, const struct value *v);
void demit_scalar_list(struct demit_ctx *c, const struct value *v);
void demit_str(struct demit_ctx *c, const struct value *v);
void demit_str_list(struct demit_ctx *c, const struct value *v);
void demit_stream(struct demit_ctx *c, const struct value *v);
void demit_tmpfs(struct demit_ctx *c, const struct value *v);
void demit_ulimits(struct demit_ctx *c, const struct value *v);
void demit_use_config_proxy(struct demit_ctx *c, const struct value *v);
void demit_volumes(struct demit_ctx *c, const struct value *v);

/* Exposed for tests: docker-py's parse_bytes on n bytes of s. */
enum demit_bytes_err {
	DEMIT_BYTES_OK,
	DEMIT_BYTES_UNIT,	/* no b, k, m or g unit */
	DEMIT_BYTES_NUMBER,	/* the number part is not a Python float */
	DEMIT_BYTES_RANGE,	/* not finite, or outside int64 */
};
enum demit_bytes_err demit_parse_bytes(const char *s, size_t n, int64_t *out);
/* Append f to a Go encoding/csv record, a comma first unless first. */
void demit_csv_field(struct buf *b, const char *f, bool first);

#endif
