#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tasks/docker_swarm.h"
#include "util/buf.h"
#include "util/xmalloc.h"

/*
 * The Swarm table (docs/swarm.md): one row per docker_run argument that a
 * service cannot express, with the reason.  Every argument not listed
 * here is expressed: its `docker run` flags are converted below, or it
 * only concerns runflow (stdout, stderr, stream, use_config_proxy) or is
 * dropped for every engine (cpu_count, kernel_memory, lxc_conf, version).
 * Sorted by name.
 */
struct swarm_no {
	const char *name;
	const char *why;
};

static const struct swarm_no swarm_rejects[] = {
	{ "blkio_weight", "services have no block I/O weights" },
	{ "blkio_weight_device", "services have no block I/O weights" },
	{ "cgroup_parent", "Swarm places a job's container in its own cgroup" },
	{ "cpu_period", "services limit CPUs with nano_cpus only" },
	{ "cpu_quota", "services limit CPUs with nano_cpus only" },
	{ "cpu_rt_period", "services have no real-time CPU settings" },
	{ "cpu_rt_runtime", "services have no real-time CPU settings" },
	{ "cpu_shares", "services limit CPUs with nano_cpus only" },
	{ "cpuset_cpus", "services cannot pin CPUs" },
	{ "cpuset_mems", "services cannot pin memory nodes" },
	{ "device_cgroup_rules", "services have no device access" },
	{ "device_read_bps", "services have no block I/O limits" },
	{ "device_read_iops", "services have no block I/O limits" },
	{ "device_requests", "services have no device requests (use a "
	    "generic resource of the nodes)" },
	{ "device_write_bps", "services have no block I/O limits" },
	{ "device_write_iops", "services have no block I/O limits" },
	{ "devices", "services have no device access" },
	{ "domainname", "services set no NIS domain name" },
	{ "ipc_mode", "services have no IPC namespace modes" },
	{ "links", "services have no links; use a network" },
	{ "mac_address", "Swarm assigns a job's addresses" },
	{ "mem_swappiness", "services have no swap settings" },
	{ "memswap_limit", "services have no swap settings" },
	{ "name", "Swarm names a job's container itself" },
	{ "network_disabled", "Swarm has no network 'none' for services" },
	{ "oom_kill_disable", "services cannot turn off the OOM killer" },
	{ "oom_score_adj", "the engine's service API (1.41) has no OOM score" },
	{ "pid_mode", "services have no PID namespace modes" },
	{ "platform", "Swarm places a job by its nodes' platform" },
	{ "ports", "a one-shot job publishes no ports; reach it over a network" },
	{ "privileged", "services cannot be privileged" },
	{ "publish_all_ports", "a one-shot job publishes no ports" },
	{ "restart_policy", "a job runs once (--restart-condition none); use "
	    "_retry" },
	{ "runtime", "services have no runtime choice" },
	{ "security_opt", "services have no security options" },
	{ "shm_size", "services have no /dev/shm size; mount a tmpfs there" },
	{ "stdin_open", "a job has no standard input" },
	{ "storage_opt", "services have no storage options" },
	{ "userns_mode", "services have no user namespace modes" },
	{ "uts_mode", "services have no UTS namespace modes" },
	{ "volume_driver", "give the driver in 'mounts' "
	    "(volume-driver=...)" },
	{ "volumes_from", "services cannot share another container's "
	    "volumes" },
};

#define NREJECTS (sizeof(swarm_rejects) / sizeof(swarm_rejects[0]))

/* Compare a name with a row, for bsearch. */
static int
reject_compare(const void *key, const void *row)
{
	return strcmp(key, ((const struct swarm_no *)row)->name);
}

/* Whether a service expresses the argument; else *why says why not. */
bool
docker_swarm_supports(const char *name, const char **why)
{
	const struct swarm_no *r;

	r = bsearch(name, swarm_rejects, NREJECTS, sizeof(swarm_rejects[0]),
	    reject_compare);
	if (r != NULL && why != NULL)
		*why = r->why;
	return r == NULL;
}

/* Whether v says "not given": null, false, "", [] or {}. */
static bool
not_given(const struct value *v)
{
	if (v == NULL || v->kind == VAL_NULL)
		return true;
	switch (v->kind) {
	case VAL_BOOL:
		return !v->u.b;
	case VAL_STRING:
		return v->u.str.len == 0;
	case VAL_LIST:
		return v->u.list.n == 0;
	case VAL_OBJECT:
		return v->u.obj.n == 0;
	default:
		return false;
	}
}

/* Report each argument a service cannot express. */
size_t
docker_swarm_check(const struct docker_arg *args, size_t nargs,
    const char *engine, const struct source *src, struct diag_list *dl)
{
	size_t nerr = 0;

	for (size_t i = 0; i < nargs; i++) {
		const char *why = NULL;
		const struct value *v = args[i].val;

		if (strcmp(args[i].name, "remove") == 0 && v != NULL &&
		    v->kind == VAL_BOOL && !v->u.b) {
			diag_error(dl, src, args[i].span, "argument 'remove' "
			    "cannot be false on swarm engine '%s': a job's "
			    "container goes with its service", engine);
			nerr++;
			continue;
		}
		if (not_given(v) || docker_swarm_supports(args[i].name, &why))
			continue;
		diag_error(dl, src, args[i].name_span, "argument '%s' cannot run "
		    "on swarm engine '%s': %s", args[i].name, engine, why);
		nerr++;
	}
	return nerr;
}

/* The `docker run` flags a service takes under another name. */
static const struct {
	const char *run, *service;
} swarm_renames[] = {
	{ "--label", "--container-label" },
	{ "--memory", "--limit-memory" },
	{ "--memory-reservation", "--reserve-memory" },
	{ "--cpus", "--limit-cpu" },
	{ "--pids-limit", "--limit-pids" },
	{ "--add-host", "--host" },
	{ "--group-add", "--group" },
};

/* The `docker run` flags a service takes as they are. */
static const char *const swarm_same[] = {
	"--env", "--mount", "--network", "--user", "--workdir", "--hostname",
	"--entrypoint", "--stop-signal", "--read-only", "--init", "--tty",
	"--dns", "--dns-option", "--dns-search", "--cap-add", "--cap-drop",
	"--sysctl", "--ulimit", "--isolation", "--health-cmd",
	"--health-interval", "--health-timeout", "--health-retries",
	"--health-start-period", "--no-healthcheck", "--log-driver",
	"--log-opt",
};

/* Append f as a field of a mount's CSV value, quoted when it must be. */
static void
csv_field(struct buf *b, const char *f)
{
	if (b->len > 0)
		buf_putc(b, ',');
	if (strpbrk(f, ",\"\n\r") == NULL) {
		buf_puts(b, f);
		return;
	}
	buf_putc(b, '"');
	for (const char *p = f; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

/* --volume=[SRC:]DST[:MODE] as --mount; 0, or -1 with *err. */
static int
volume_mount(const char *spec, struct strvec *out, char **err)
{
	char *copy = xstrdup(spec), *parts[3] = { NULL, NULL, NULL };
	struct buf b = BUF_INIT;
	size_t n = 0;
	int rc = 0;

	for (char *p = copy, *tok; n < 3 &&
	    (tok = strsep(&p, ":")) != NULL; )
		parts[n++] = tok;
	if (n == 1) {
		char *f = xasprintf("target=%s", parts[0]);

		csv_field(&b, "type=volume");	/* an anonymous volume */
		csv_field(&b, f);
		free(f);
	} else {
		char *f;

		csv_field(&b, parts[0][0] == '/' ? "type=bind" : "type=volume");
		f = xasprintf("source=%s", parts[0]);
		csv_field(&b, f);
		free(f);
		f = xasprintf("target=%s", parts[1]);
		csv_field(&b, f);
		free(f);
		if (n == 3) {
			char *save = NULL;

			for (char *m = strtok_r(parts[2], ",", &save);
			    m != NULL; m = strtok_r(NULL, ",", &save)) {
				if (strcmp(m, "ro") == 0)
					csv_field(&b, "readonly=true");
				else if (strcmp(m, "rw") != 0) {
					*err = xasprintf("volume mode '%s' of "
					    "'%s' has no Swarm mount form",
					    m, spec);
					rc = -1;
					break;
				}
			}
		}
	}
	if (rc == 0)
		strvec_pushf(out, "--mount=%s", buf_str(&b));
	buf_release(&b);
	free(copy);
	return rc;
}

/* --tmpfs=PATH[:OPTS] as --mount type=tmpfs; 0, or -1 with *err. */
static int
tmpfs_mount(const char *spec, struct strvec *out, char **err)
{
	const char *colon = strchr(spec, ':');
	char *path = xstrndup(spec, colon != NULL ? (size_t)(colon - spec) :
	    strlen(spec));
	char *opts = colon != NULL ? xstrdup(colon + 1) : NULL;
	struct buf b = BUF_INIT;
	char *f, *save = NULL;
	int rc = 0;

	csv_field(&b, "type=tmpfs");
	f = xasprintf("target=%s", path);
	csv_field(&b, f);
	free(f);
	for (char *o = opts != NULL ? strtok_r(opts, ",", &save) : NULL;
	    o != NULL; o = strtok_r(NULL, ",", &save)) {
		if (strncmp(o, "size=", 5) == 0)
			f = xasprintf("tmpfs-size=%s", o + 5);
		else if (strncmp(o, "mode=", 5) == 0)
			f = xasprintf("tmpfs-mode=%s", o + 5);
		else {
			*err = xasprintf("tmpfs option '%s' of '%s' has no "
			    "Swarm mount form (size and mode have)", o, path);
			rc = -1;
			break;
		}
		csv_field(&b, f);
		free(f);
	}
	if (rc == 0)
		strvec_pushf(out, "--mount=%s", buf_str(&b));
	buf_release(&b);
	free(path);
	free(opts);
	return rc;
}

/* Convert one `docker run` flag; 0, or -1 with *err. */
static int
convert_flag(const char *flag, struct strvec *out, char **err)
{
	const char *eq = strchr(flag, '=');
	size_t n = eq != NULL ? (size_t)(eq - flag) : strlen(flag);

	if (strcmp(flag, "--rm") == 0)
		return 0;	/* the service's removal removes it */
	if (n == 8 && strncmp(flag, "--volume", n) == 0 && eq != NULL)
		return volume_mount(eq + 1, out, err);
	if (n == 7 && strncmp(flag, "--tmpfs", n) == 0 && eq != NULL)
		return tmpfs_mount(eq + 1, out, err);
	for (size_t i = 0; i < sizeof(swarm_renames) / sizeof(swarm_renames[0]);
	    i++)
		if (strlen(swarm_renames[i].run) == n &&
		    strncmp(flag, swarm_renames[i].run, n) == 0) {
			strvec_pushf(out, "%s%s", swarm_renames[i].service,
			    eq != NULL ? eq : "");
			return 0;
		}
	for (size_t i = 0; i < sizeof(swarm_same) / sizeof(swarm_same[0]); i++)
		if (strlen(swarm_same[i]) == n &&
		    strncmp(flag, swarm_same[i], n) == 0) {
			strvec_push(out, flag);
			return 0;
		}
	/* The argument check rejects what produces any other flag. */
	*err = xasprintf("'docker run' flag '%.*s' has no Swarm service form",
	    (int)n, flag);
	return -1;
}

/* The service create arguments for a docker run translation. */
int
docker_swarm_args(const struct docker_plan *dp, struct strvec *out,
    char **err)
{
	size_t i = 1;	/* argv[0] is "run" */

	if (dp->need_image_cmd) {
		*err = xstrdup("an empty entrypoint without a command needs "
		    "the image's CMD, which a Swarm job cannot be given; give "
		    "a command");
		return -1;
	}
	for (; i < dp->argv.n && strncmp(dp->argv.v[i], "--", 2) == 0; i++)
		if (convert_flag(dp->argv.v[i], out, err) == -1)
			return -1;
	for (; i < dp->argv.n; i++)
		strvec_push(out, dp->argv.v[i]);
	return 0;
}
