#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tasks/docker_args.h"
#include "tasks/docker_emit.h"
#include "util/xmalloc.h"

/* Start an empty plan. */
void
docker_plan_init(struct docker_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	strvec_init(&plan->argv);
	strvec_init(&plan->env_set);
	strvec_init(&plan->env_unset);
	plan->result_stdout = true;
}

/* Free everything the plan owns; it is empty afterwards. */
void
docker_plan_release(struct docker_plan *plan)
{
	strvec_release(&plan->argv);
	strvec_release(&plan->env_set);
	strvec_release(&plan->env_unset);
	free(plan->image);
	free(plan->command_text);
	docker_plan_init(plan);
}

/*
 * The table: one row per argument, sorted by name (flags are emitted in
 * this order, so a plan does not depend on the order of the attributes).
 * The flag is the one an unknown value is shown with in a dry run.
 */
static const struct demit_def dargs[] = {
	{ "auto_remove", "--rm", demit_auto_remove, 0, NULL },
	{ "blkio_weight", "--blkio-weight", demit_int, 0, NULL },
	{ "blkio_weight_device", "--blkio-weight-device", demit_path_rate, 0,
	    "Weight" },
	{ "cap_add", "--cap-add", demit_str_list, DA_STR_ONE, NULL },
	{ "cap_drop", "--cap-drop", demit_str_list, DA_STR_ONE, NULL },
	{ "cgroup_parent", "--cgroup-parent", demit_str, 0, NULL },
	{ "command", NULL, demit_command, DA_FALSY | DA_OWN_UNKNOWN, NULL },
	{ "cpu_count", NULL, demit_drop,
	    DA_FALSY | DA_OWN_UNKNOWN | DA_DROP_INT,
	    "it only applies to Windows containers" },
	{ "cpu_percent", NULL, demit_drop,
	    DA_FALSY | DA_OWN_UNKNOWN | DA_DROP_INT,
	    "it only applies to Windows containers" },
	{ "cpu_period", "--cpu-period", demit_int, 0, NULL },
	{ "cpu_quota", "--cpu-quota", demit_int, 0, NULL },
	{ "cpu_rt_period", "--cpu-rt-period", demit_int, 0, NULL },
	{ "cpu_rt_runtime", "--cpu-rt-runtime", demit_int, 0, NULL },
	{ "cpu_shares", "--cpu-shares", demit_int, 0, NULL },
	{ "cpuset_cpus", "--cpuset-cpus", demit_str, 0, NULL },
	{ "cpuset_mems", "--cpuset-mems", demit_str, 0, NULL },
	{ "detach", NULL, demit_reject, DA_REJECT,
	    "'detach' is not supported: a task waits for its container to "
	    "exit; talk to a long-running service from a later task" },
	{ "device_cgroup_rules", "--device-cgroup-rule", demit_str_list, 0,
	    NULL },
	{ "device_read_bps", "--device-read-bps", demit_path_rate, 0, "Rate" },
	{ "device_read_iops", "--device-read-iops", demit_path_rate, 0,
	    "Rate" },
	{ "device_requests", "--gpus", demit_device_requests, 0, NULL },
	{ "device_write_bps", "--device-write-bps", demit_path_rate, 0,
	    "Rate" },
	{ "device_write_iops", "--device-write-iops", demit_path_rate, 0,
	    "Rate" },
	{ "devices", "--device", demit_devices, 0, NULL },
	{ "dns", "--dns", demit_str_list, 0, NULL },
	{ "dns_opt", "--dns-option", demit_str_list, 0, NULL },
	{ "dns_search", "--dns-search", demit_str_list, 0, NULL },
	{ "domainname", "--domainname", demit_str, DA_NO_PODMAN,
	    "set sysctls = { \"kernel.domainname\" = \"...\" } instead" },
	{ "entrypoint", "--entrypoint", demit_entrypoint,
	    DA_FALSY | DA_OWN_UNKNOWN, NULL },
	{ "environment", "--env", demit_environment, 0, NULL },
	{ "extra_hosts", "--add-host", demit_extra_hosts, 0, NULL },
	{ "group_add", "--group-add", demit_scalar_list, 0, NULL },
	{ "healthcheck", "--health-cmd", demit_healthcheck, 0, NULL },
	{ "hostname", "--hostname", demit_str, 0, NULL },
	{ "image", NULL, demit_image, DA_FALSY | DA_OWN_UNKNOWN, NULL },
	{ "init", "--init", demit_init, DA_FALSY, NULL },
	/* docker-py raises unless the value is None. */
	{ "init_path", NULL, demit_reject, DA_FALSY | DA_OWN_UNKNOWN,
	    "'init_path' is not supported: docker-py rejects it on every "
	    "engine newer than API 1.29" },
	{ "ipc_mode", "--ipc", demit_str, 0, NULL },
	{ "isolation", "--isolation", demit_str, DA_NO_PODMAN, NULL },
	{ "kernel_memory", NULL, demit_drop,
	    DA_FALSY | DA_OWN_UNKNOWN | DA_DROP_BYTES,
	    "the engine ignores kernel memory limits since Docker 23" },
	{ "labels", "--label", demit_labels, 0, NULL },
	{ "links", "--link", demit_links, DA_NO_PODMAN,
	    "use a user-defined network with network aliases instead" },
	{ "log_config", "--log-driver", demit_log_config, 0, NULL },
	{ "lxc_conf", NULL, demit_drop,
	    DA_FALSY | DA_OWN_UNKNOWN | DA_DROP_MAP_LIST,
	    "the engine has had no LXC driver since Docker 1.10" },
	{ "mac_address", "--mac-address", demit_str, 0, NULL },
	{ "mem_limit", "--memory", demit_bytes, 0, NULL },
	{ "mem_reservation", "--memory-reservation", demit_bytes, 0, NULL },
	{ "mem_swappiness", "--memory-swappiness", demit_int, DA_FALSY, NULL },
	{ "memswap_limit", "--memory-swap", demit_bytes, 0, NULL },
	{ "mounts", "--mount", demit_mounts, 0, NULL },
	{ "name", "--name", demit_str, 0, NULL },
	{ "nano_cpus", "--cpus", demit_nano_cpus, 0, NULL },
	{ "network", "--network", demit_str, 0, NULL },
	{ "network_disabled", "--network", demit_network_disabled, 0, NULL },
	{ "network_mode", "--network", demit_str, 0, NULL },
	{ "oom_kill_disable", "--oom-kill-disable", demit_bool, 0, NULL },
	{ "oom_score_adj", "--oom-score-adj", demit_int, 0, NULL },
	{ "pid_mode", "--pid", demit_str, 0, NULL },
	{ "pids_limit", "--pids-limit", demit_int, 0, NULL },
	{ "platform", "--platform", demit_str, 0, NULL },
	{ "ports", "--publish", demit_ports, 0, NULL },
	{ "privileged", "--privileged", demit_bool, 0, NULL },
	{ "publish_all_ports", "--publish-all", demit_bool, 0, NULL },
	{ "read_only", "--read-only", demit_bool, 0, NULL },
	{ "remove", NULL, demit_remove, DA_FALSY, NULL },
	{ "restart_policy", NULL, demit_restart_policy, 0, NULL },
	{ "runtime", "--runtime", demit_str, DA_NO_PODMAN,
	    "podman's --runtime is a global option naming an OCI runtime" },
	{ "security_opt", "--security-opt", demit_str_list, 0, NULL },
	{ "shm_size", "--shm-size", demit_bytes, 0, NULL },
	{ "stderr", NULL, demit_result_stream, DA_FALSY, NULL },
	{ "stdin_open", "--interactive", demit_bool, 0, NULL },
	{ "stdout", NULL, demit_result_stream, DA_FALSY, NULL },
	{ "stop_signal", "--stop-signal", demit_str, 0, NULL },
	{ "storage_opt", "--storage-opt", demit_map_kv, DA_NO_PODMAN,
	    "podman's --storage-opt configures the storage driver, not a "
	    "container" },
	{ "stream", NULL, demit_stream, DA_FALSY, NULL },
	{ "sysctls", "--sysctl", demit_map_kv, DA_CONVERT, NULL },
	{ "tmpfs", "--tmpfs", demit_tmpfs, 0, NULL },
	{ "tty", "--tty", demit_bool, 0, NULL },
	{ "ulimits", "--ulimit", demit_ulimits, 0, NULL },
	{ "use_config_proxy", NULL, demit_use_config_proxy, DA_FALSY, NULL },
	{ "user", "--user", demit_scalar, 0, NULL },
	{ "userns_mode", "--userns", demit_host_only, 0, NULL },
	{ "uts_mode", "--uts", demit_host_only, 0, NULL },
	{ "version", NULL, demit_drop, DA_FALSY | DA_OWN_UNKNOWN,
	    "the docker CLI negotiates the API version itself" },
	{ "volume_driver", "--volume-driver", demit_str, DA_NO_PODMAN, NULL },
	{ "volumes", "--volume", demit_volumes, 0, NULL },
	{ "volumes_from", "--volumes-from", demit_str_list, DA_STR_SPLIT,
	    NULL },
	{ "working_dir", "--workdir", demit_str, 0, NULL },
};

#define NDARGS (sizeof(dargs) / sizeof(dargs[0]))

_Static_assert(NDARGS == DEMIT_NARGS, "the table has one row per argument");

/* The number of argument names. */
size_t
docker_arg_count(void)
{
	return NDARGS;
}

/* The i-th argument name, in sorted order. */
const char *
docker_arg_name(size_t i)
{
	if (i >= NDARGS)
		fatal("docker_arg_name: index %zu out of range", i);
	return dargs[i].name;
}

/* Compare a name with a table row, for bsearch. */
static int
darg_compare(const void *key, const void *row)
{
	return strcmp(key, ((const struct demit_def *)row)->name);
}

/* The table index of name, or -1. */
static ptrdiff_t
darg_index(const char *name)
{
	const struct demit_def *d;

	d = bsearch(name, dargs, NDARGS, sizeof(dargs[0]), darg_compare);
	return d == NULL ? -1 : d - dargs;
}

/* Whether name is a docker_run argument. */
bool
docker_arg_known(const char *name)
{
	return darg_index(name) >= 0;
}

/* The argument named name as given, or NULL. */
static const struct docker_arg *
given_arg(const struct demit_ctx *c, const char *name)
{
	ptrdiff_t i = darg_index(name);

	if (i < 0)
		fatal("given_arg: no argument '%s'", name);
	return c->given[i];
}

/* Report an unknown argument name, with the nearest known one. */
static void
unknown_argument(struct demit_ctx *c, const struct docker_arg *a)
{
	const char *names[NDARGS];
	const char *near;

	for (size_t i = 0; i < NDARGS; i++)
		names[i] = dargs[i].name;
	near = diag_suggest(a->name, names, NDARGS);
	c->arg = a;
	if (near != NULL)
		demit_name_error(c, "unknown argument '%s' (did you mean "
		    "'%s'?)", a->name, near);
	else
		demit_name_error(c, "unknown argument '%s'", a->name);
}

/* Translate one given argument through its table row. */
static void
translate(struct demit_ctx *c, const struct demit_def *d,
    const struct docker_arg *a)
{
	const struct value *v = a->val != NULL ? a->val : val_null();
	char *text;

	c->def = d;
	c->arg = a;
	if (d->flags & DA_REJECT) {
		d->emit(c, v);
		return;
	}
	if ((d->flags & DA_NO_PODMAN) && c->opts->podman) {
		demit_name_error(c, "argument '%s' is not supported by '%s'",
		    d->name, c->binary);
		if (d->note != NULL)
			diag_set_detail(&c->dl->v[c->dl->n - 1], "%s",
			    d->note);
		return;
	}
	if (v->kind == VAL_NULL)
		return;
	if (v->kind == VAL_UNKNOWN && !(d->flags & DA_OWN_UNKNOWN)) {
		text = demit_placeholder(c, v);
		if (text != NULL && d->flag != NULL)
			demit_flag(c, d->flag, text);
		free(text);
		return;
	}
	if (!(d->flags & DA_FALSY) && demit_falsy(v))
		return;
	d->emit(c, v);
}

/* A known value that Python would find true (unknown: false). */
static bool
given_truthy(const struct demit_ctx *c, const char *name)
{
	const struct docker_arg *a = given_arg(c, name);

	return a != NULL && a->val != NULL && a->val->kind != VAL_UNKNOWN &&
	    !demit_falsy(a->val);
}

/* Whether a known argument is the string s. */
static bool
given_is(const struct demit_ctx *c, const char *name, const char *s)
{
	const struct docker_arg *a = given_arg(c, name);
	size_t n = strlen(s);

	return a != NULL && a->val != NULL && a->val->kind == VAL_STRING &&
	    a->val->u.str.len == n && memcmp(a->val->u.str.s, s, n) == 0;
}

/* Point the next diagnostic at the named argument. */
static void
at(struct demit_ctx *c, const char *name)
{
	c->arg = given_arg(c, name);
}

/*
 * Checks between arguments, each made only on known values: what docker-py
 * refuses, and what the docker CLI would refuse later with a worse message.
 */
static void
check_combinations(struct demit_ctx *c)
{
	static const char *const netargs[] = { "network", "network_mode",
		"ports" };

	if (given_truthy(c, "network") && given_truthy(c, "network_mode")) {
		at(c, "network_mode");
		demit_error(c, "'network' and 'network_mode' cannot be used "
		    "together");
	}
	if (given_truthy(c, "ports") && (given_is(c, "network_mode", "host") ||
	    given_is(c, "network", "host"))) {
		at(c, "ports");
		demit_error(c, "'ports' cannot be used with the host network: "
		    "\"host\" network mode is incompatible with port bindings");
	}
	if (c->network_disabled) {
		for (size_t i = 0; i < 3; i++) {
			if (!given_truthy(c, netargs[i]))
				continue;
			at(c, "network_disabled");
			demit_error(c, "'network_disabled' cannot be used with "
			    "'%s'", netargs[i]);
		}
	}
	if (given_truthy(c, "nano_cpus")) {
		static const char *const cfs[] = { "cpu_period", "cpu_quota" };

		for (size_t i = 0; i < 2; i++) {
			if (!given_truthy(c, cfs[i]))
				continue;
			at(c, "nano_cpus");
			demit_error(c, "'nano_cpus' cannot be used with '%s'",
			    cfs[i]);
		}
	}
	if (!c->plan->result_stdout && !c->plan->result_stderr) {
		at(c, given_arg(c, "stdout") != NULL ? "stdout" : "stderr");
		demit_error(c, "'stdout' and 'stderr' cannot both be false: "
		    "the task would capture no output");
	}
}

/* Put the pieces together: run [--rm] flags IMAGE tail command. */
static void
assemble(struct demit_ctx *c)
{
	struct docker_plan *p = c->plan;
	size_t i;

	strvec_push(&p->argv, "run");
	if (p->rm)
		strvec_push(&p->argv, "--rm");
	p->insert_at = p->argv.n;
	for (i = 0; i < c->flags.n; i++)
		strvec_push(&p->argv, c->flags.v[i]);
	if (p->image == NULL)
		p->image = xstrdup("");
	strvec_push(&p->argv, p->image);
	for (i = 1; i < c->ep.n; i++)
		strvec_push(&p->argv, c->ep.v[i]);
	for (i = 0; i < c->cmd.n; i++)
		strvec_push(&p->argv, c->cmd.v[i]);
	if (c->ep_given && c->ep.n == 0 && c->cmd.n == 0 && !c->cmd_unknown)
		p->need_image_cmd = true;
	/* docker-py ignores it; the CLI would turn it into --platform. */
	strvec_push(&p->env_unset, "DOCKER_DEFAULT_PLATFORM");
}

/* Translate the arguments into a plan; see docker_args.h. */
int
docker_plan_build(struct docker_plan *plan, const struct docker_arg *args,
    size_t nargs, const struct docker_opts *opts, struct diag_list *dl)
{
	struct demit_ctx c;
	ptrdiff_t k;

	memset(&c, 0, sizeof(c));
	c.plan = plan;
	c.opts = opts;
	c.dl = dl;
	c.binary = opts->binary != NULL ? opts->binary :
	    opts->podman ? "podman" : "docker";
	strvec_init(&c.flags);
	strvec_init(&c.ep);
	strvec_init(&c.cmd);
	plan->rm = true;
	plan->result_stdout = true;
	plan->result_stderr = false;

	for (size_t i = 0; i < nargs; i++) {
		k = darg_index(args[i].name);
		if (k < 0) {
			unknown_argument(&c, &args[i]);
		} else if (c.given[k] != NULL) {
			c.arg = &args[i];
			demit_error(&c, "duplicate argument '%s'",
			    args[i].name);
		} else {
			c.given[k] = &args[i];
		}
	}
	for (size_t i = 0; i < NDARGS; i++)
		if (c.given[i] != NULL)
			translate(&c, &dargs[i], c.given[i]);
	if (c.given[darg_index("image")] == NULL ||
	    c.given[darg_index("image")]->val == NULL ||
	    c.given[darg_index("image")]->val->kind == VAL_NULL) {
		diag_error(dl, opts->src, opts->block,
		    "missing required argument 'image'");
		c.nerr++;
	}
	check_combinations(&c);
	if (plan->keep_container && !c.auto_remove)
		plan->rm = false;
	else
		plan->keep_container = false;
	assemble(&c);
	strvec_release(&c.flags);
	strvec_release(&c.ep);
	strvec_release(&c.cmd);
	return c.nerr > 0 ? -1 : 0;
}
