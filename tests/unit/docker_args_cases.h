/*
 * The translation cases of test_docker_args.c: for every argument, each
 * accepted shape and the exact argv, each rejected shape and the exact
 * message.  See struct tcase for the columns.
 */

#define UNK(ref) "{`$unknown`: `" ref "`}"

/* Names, rejections, combinations, the plan's flags. */
static const struct tcase general_cases[] = {
	{ "{}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`enviroment`: {}}", 0, "run --rm alpine", NULL, NULL,
	    "E@enviroment: unknown argument 'enviroment' (did you mean "
	    "'environment'?)" },
	{ "{`zzz`: 1, `cgroupns`: `host`}", 0, "run --rm alpine", NULL, NULL,
	    "E@cgroupns: unknown argument 'cgroupns'\n"
	    "E@zzz: unknown argument 'zzz'" },
	{ "{}", T_NO_IMAGE, "run --rm ''", NULL, NULL,
	    "E@block: missing required argument 'image'" },
	{ "{`image`: null}", 0, "run --rm ''", NULL, NULL,
	    "E@block: missing required argument 'image'" },
	{ "{`image`: ``}", 0, "run --rm ''", NULL, NULL,
	    "E@image: 'image' must not be empty" },
	{ "{`image`: `-it`}", 0, "run --rm -it", NULL, NULL,
	    "E@image: invalid image name '-it': it cannot start with '-'" },
	{ "{`image`: 5}", 0, "run --rm ''", NULL, NULL,
	    "E@image: invalid type for 'image': expected string, found "
	    "number 5" },
	{ "{`image`: `ubuntu:22.04`}", 0, "run --rm ubuntu:22.04", NULL, NULL,
	    NULL },
	{ "{`image`: " UNK("task.docker_run.b.stdout") "}", 0,
	    "run --rm '${task.docker_run.b.stdout}'", NULL, "rm stdout unknown",
	    NULL },
	/* Flags come in table order, whatever the order given. */
	{ "{`working_dir`: `/w`, `auto_remove`: true, `cap_add`: [`A`], "
	  "`user`: `u`, `command`: `true`}", 0,
	  "run --rm --cap-add=A --user=u --workdir=/w alpine true", NULL, NULL,
	  NULL },
	{ "{`detach`: true}", 0, "run --rm alpine", NULL, NULL,
	    "E@detach: 'detach' is not supported: a task waits for its "
	    "container to exit; talk to a long-running service from a later "
	    "task" },
	{ "{`detach`: false}", 0, "run --rm alpine", NULL, NULL,
	    "E@detach: 'detach' is not supported: a task waits for its "
	    "container to exit; talk to a long-running service from a later "
	    "task" },
	{ "{`detach`: null}", 0, "run --rm alpine", NULL, NULL,
	    "E@detach: 'detach' is not supported: a task waits for its "
	    "container to exit; talk to a long-running service from a later "
	    "task" },
	{ "{`init_path`: `/usr/bin/tini`}", 0, "run --rm alpine", NULL, NULL,
	    "E@init_path: 'init_path' is not supported: docker-py rejects it "
	    "on every engine newer than API 1.29" },
	{ "{`init_path`: ``}", 0, "run --rm alpine", NULL, NULL,
	    "E@init_path: 'init_path' is not supported: docker-py rejects it "
	    "on every engine newer than API 1.29" },
	{ "{`init_path`: " UNK("var.i") "}", 0, "run --rm alpine", NULL, NULL,
	    "E@init_path: 'init_path' is not supported: docker-py rejects it "
	    "on every engine newer than API 1.29" },
	{ "{`init_path`: null}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`remove`: false}", 0, "run alpine", NULL, "keep stdout", NULL },
	{ "{`remove`: true}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`remove`: `false`}", 0, "run alpine", NULL, "keep stdout", NULL },
	{ "{`remove`: `no`}", 0, "run --rm alpine", NULL, NULL,
	    "E@remove: invalid type for 'remove': expected bool, found "
	    "string" },
	{ "{`remove`: " UNK("var.x") "}", 0, "run --rm alpine", NULL,
	    "rm stdout unknown", NULL },
	{ "{`auto_remove`: true}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`auto_remove`: false}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`auto_remove`: true, `remove`: false}", 0, "run --rm alpine", NULL,
	    NULL, NULL },
	{ "{`auto_remove`: false, `remove`: false}", 0, "run alpine", NULL,
	    "keep stdout", NULL },
	{ "{`auto_remove`: `yes`}", 0, "run --rm alpine", NULL, NULL,
	    "E@auto_remove: invalid type for 'auto_remove': expected bool, "
	    "found string" },
	{ "{`stream`: true}", 0, "run --rm alpine", NULL, "rm stream stdout",
	    NULL },
	{ "{`stream`: false}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`stream`: 1}", 0, "run --rm alpine", NULL, NULL,
	    "E@stream: invalid type for 'stream': expected bool, found "
	    "number 1" },
	{ "{`stdout`: true, `stderr`: true}", 0, "run --rm alpine", NULL,
	    "rm stdout stderr", NULL },
	{ "{`stdout`: false, `stderr`: true}", 0, "run --rm alpine", NULL,
	    "rm stderr", NULL },
	{ "{`stdout`: false}", 0, "run --rm alpine", NULL, "rm",
	    "E@stdout: 'stdout' and 'stderr' cannot both be false: the task "
	    "would capture no output" },
	{ "{`stdout`: true, `stderr`: false}", 0, "run --rm alpine", NULL,
	    NULL, NULL },
	{ "{`stdout`: false, `stderr`: false}", 0, "run --rm alpine", NULL,
	    "rm",
	    "E@stdout: 'stdout' and 'stderr' cannot both be false: the task "
	    "would capture no output" },
	{ "{`stderr`: [true]}", 0, "run --rm alpine", NULL, NULL,
	    "E@stderr: invalid type for 'stderr': expected bool, found list" },
	{ "{`use_config_proxy`: false}", 0, "run --rm alpine", NULL,
	    "rm stdout no_proxy", NULL },
	{ "{`use_config_proxy`: true}", 0, "run --rm alpine", NULL, NULL,
	    NULL },
	{ "{`use_config_proxy`: false}", T_PODMAN,
	    "run --rm --http-proxy=false alpine", NULL, NULL, NULL },
	{ "{`use_config_proxy`: 0}", 0, "run --rm alpine", NULL, NULL,
	    "E@use_config_proxy: invalid type for 'use_config_proxy': "
	    "expected bool, found number 0" },
	/* Dropped with a warning, after the type check docker-py makes. */
	{ "{`cpu_count`: 2}", 0, "run --rm alpine", NULL, NULL,
	    "W@cpu_count: ignoring 'cpu_count': it only applies to Windows "
	    "containers" },
	{ "{`cpu_count`: 0}", 0, "run --rm alpine", NULL, NULL,
	    "W@cpu_count: ignoring 'cpu_count': it only applies to Windows "
	    "containers" },
	{ "{`cpu_count`: 1.5}", 0, "run --rm alpine", NULL, NULL,
	    "E@cpu_count: invalid type for 'cpu_count': expected integer, "
	    "found number 1.5" },
	{ "{`cpu_percent`: 50}", 0, "run --rm alpine", NULL, NULL,
	    "W@cpu_percent: ignoring 'cpu_percent': it only applies to "
	    "Windows containers" },
	{ "{`cpu_percent`: `50`}", 0, "run --rm alpine", NULL, NULL,
	    "E@cpu_percent: invalid type for 'cpu_percent': expected "
	    "integer, found string" },
	{ "{`kernel_memory`: `1g`}", 0, "run --rm alpine", NULL, NULL,
	    "W@kernel_memory: ignoring 'kernel_memory': the engine ignores "
	    "kernel memory limits since Docker 23" },
	{ "{`kernel_memory`: `1t`}", 0, "run --rm alpine", NULL, NULL,
	    "E@kernel_memory: invalid size '1t' for 'kernel_memory': the unit "
	    "must be b, k, m or g" },
	{ "{`lxc_conf`: {`lxc.cgroup.cpuset.cpus`: `0`}}", 0,
	    "run --rm alpine", NULL, NULL,
	    "W@lxc_conf: ignoring 'lxc_conf': the engine has had no LXC "
	    "driver since Docker 1.10" },
	{ "{`lxc_conf`: `x`}", 0, "run --rm alpine", NULL, NULL,
	    "E@lxc_conf: invalid type for 'lxc_conf': expected map or list, "
	    "found string" },
	{ "{`version`: `1.41`}", 0, "run --rm alpine", NULL, NULL,
	    "W@version: ignoring 'version': the docker CLI negotiates the API "
	    "version itself" },
	{ "{`version`: " UNK("var.v") "}", 0, "run --rm alpine", NULL,
	    "rm stdout unknown",
	    "W@version: ignoring 'version': the docker CLI negotiates the API "
	    "version itself" },
	/* podman lacks these flags. */
	{ "{`domainname`: `example.com`}", T_PODMAN, "run --rm alpine", NULL,
	    NULL,
	    "E@domainname: argument 'domainname' is not supported by 'podman'\n"
	    "  set sysctls = { \"kernel.domainname\" = \"...\" } instead" },
	{ "{`links`: {`db`: `d`}}", T_PODMAN, "run --rm alpine", NULL, NULL,
	    "E@links: argument 'links' is not supported by 'podman'\n"
	    "  use a user-defined network with network aliases instead" },
	{ "{`isolation`: `default`}", T_PODMAN, "run --rm alpine", NULL, NULL,
	    "E@isolation: argument 'isolation' is not supported by 'podman'" },
	{ "{`volume_driver`: `local`}", T_PODMAN, "run --rm alpine", NULL,
	    NULL,
	    "E@volume_driver: argument 'volume_driver' is not supported by "
	    "'podman'" },
	{ "{`storage_opt`: {`size`: `1G`}}", T_PODMAN, "run --rm alpine",
	    NULL, NULL,
	    "E@storage_opt: argument 'storage_opt' is not supported by "
	    "'podman'\n"
	    "  podman's --storage-opt configures the storage driver, not a "
	    "container" },
	{ "{`runtime`: `runc`}", T_PODMAN, "run --rm alpine", NULL, NULL,
	    "E@runtime: argument 'runtime' is not supported by 'podman'\n"
	    "  podman's --runtime is a global option naming an OCI runtime" },
	{ "{`cpu_count`: 2}", T_PODMAN, "run --rm alpine", NULL, NULL,
	    "W@cpu_count: ignoring 'cpu_count': it only applies to Windows "
	    "containers" },
	/* Unknown values: the reference in place of the value. */
	{ "{`cpu_shares`: " UNK("task.docker_run.a.stdout") "}", 0,
	    "run --rm '--cpu-shares=${task.docker_run.a.stdout}' alpine", NULL,
	    "rm stdout unknown", NULL },
	{ "{`cpu_shares`: {`$unknown`: null}}", 0, "run --rm alpine", NULL,
	    "rm stdout unknown", NULL },
	{ "{`privileged`: " UNK("var.p") "}", 0,
	    "run --rm '--privileged=${var.p}' alpine", NULL,
	    "rm stdout unknown", NULL },
	{ "{`ports`: " UNK("var.p") "}", 0,
	    "run --rm '--publish=${var.p}' alpine", NULL, "rm stdout unknown",
	    NULL },
	{ "{`healthcheck`: " UNK("var.h") "}", 0,
	    "run --rm '--health-cmd=${var.h}' alpine", NULL,
	    "rm stdout unknown", NULL },
	{ "{`detach`: " UNK("var.d") "}", 0, "run --rm alpine", NULL, NULL,
	    "E@detach: 'detach' is not supported: a task waits for its "
	    "container to exit; talk to a long-running service from a later "
	    "task" },
	{ "{`domainname`: " UNK("var.d") "}", T_PODMAN, "run --rm alpine",
	    NULL, NULL,
	    "E@domainname: argument 'domainname' is not supported by 'podman'\n"
	    "  set sysctls = { \"kernel.domainname\" = \"...\" } instead" },
};

/* Flags with one value: bools, integers, strings. */
static const struct tcase scalar_cases[] = {
	{ "{`privileged`: true}", 0, "run --rm --privileged alpine", NULL,
	    NULL, NULL },
	{ "{`privileged`: false}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`privileged`: `true`}", 0, "run --rm --privileged alpine", NULL,
	    NULL, NULL },
	{ "{`privileged`: `false`}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`privileged`: 1}", 0, "run --rm alpine", NULL, NULL,
	    "E@privileged: invalid type for 'privileged': expected bool, found "
	    "number 1" },
	{ "{`publish_all_ports`: true}", 0, "run --rm --publish-all alpine",
	    NULL, NULL, NULL },
	{ "{`read_only`: true}", 0, "run --rm --read-only alpine", NULL, NULL,
	    NULL },
	{ "{`read_only`: false}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`oom_kill_disable`: true}", 0, "run --rm --oom-kill-disable alpine",
	    NULL, NULL, NULL },
	{ "{`tty`: true}", 0, "run --rm --tty alpine", NULL, NULL, NULL },
	{ "{`stdin_open`: true}", 0, "run --rm --interactive alpine", NULL,
	    NULL, NULL },
	{ "{`stdin_open`: {`a`: 1}}", 0, "run --rm alpine", NULL, NULL,
	    "E@stdin_open: invalid type for 'stdin_open': expected bool, found "
	    "map" },
	{ "{`init`: true}", 0, "run --rm --init alpine", NULL, NULL, NULL },
	{ "{`init`: false}", 0, "run --rm --init=false alpine", NULL, NULL,
	    NULL },
	{ "{`init`: `true`}", 0, "run --rm --init alpine", NULL, NULL, NULL },
	{ "{`init`: 0}", 0, "run --rm alpine", NULL, NULL,
	    "E@init: invalid type for 'init': expected bool, found number 0" },
	{ "{`network_disabled`: true}", 0, "run --rm --network=none alpine",
	    NULL, NULL, NULL },
	{ "{`network_disabled`: false}", 0, "run --rm alpine", NULL, NULL,
	    NULL },
	{ "{`network_disabled`: true, `ports`: {`80`: 8080}}", 0,
	    "run --rm --network=none --publish=8080:80/tcp alpine", NULL, NULL,
	    "E@network_disabled: 'network_disabled' cannot be used with "
	    "'ports'" },
	{ "{`network_disabled`: true, `network_mode`: `bridge`}", 0,
	    "run --rm --network=none --network=bridge alpine", NULL, NULL,
	    "E@network_disabled: 'network_disabled' cannot be used with "
	    "'network_mode'" },
	/* Integers. */
	{ "{`blkio_weight`: 300}", 0, "run --rm --blkio-weight=300 alpine",
	    NULL, NULL, NULL },
	{ "{`blkio_weight`: 0}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`blkio_weight`: 1.5}", 0, "run --rm alpine", NULL, NULL,
	    "E@blkio_weight: invalid type for 'blkio_weight': expected "
	    "integer, found number 1.5" },
	{ "{`blkio_weight`: `300`}", 0, "run --rm alpine", NULL, NULL,
	    "E@blkio_weight: invalid type for 'blkio_weight': expected "
	    "integer, found string" },
	{ "{`blkio_weight`: true}", 0, "run --rm alpine", NULL, NULL,
	    "E@blkio_weight: invalid type for 'blkio_weight': expected "
	    "integer, found bool" },
	{ "{`cpu_period`: 100000}", 0, "run --rm --cpu-period=100000 alpine",
	    NULL, NULL, NULL },
	{ "{`cpu_quota`: -1}", 0, "run --rm --cpu-quota=-1 alpine", NULL, NULL,
	    NULL },
	{ "{`cpu_quota`: 50000}", 0, "run --rm --cpu-quota=50000 alpine", NULL,
	    NULL, NULL },
	{ "{`cpu_rt_period`: 1000000}", 0,
	    "run --rm --cpu-rt-period=1000000 alpine", NULL, NULL, NULL },
	{ "{`cpu_rt_runtime`: 950000}", 0,
	    "run --rm --cpu-rt-runtime=950000 alpine", NULL, NULL, NULL },
	{ "{`cpu_shares`: 512}", 0, "run --rm --cpu-shares=512 alpine", NULL,
	    NULL, NULL },
	{ "{`cpu_shares`: ``}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`mem_swappiness`: 0}", 0, "run --rm --memory-swappiness=0 alpine",
	    NULL, NULL, NULL },
	{ "{`mem_swappiness`: 60}", 0, "run --rm --memory-swappiness=60 alpine",
	    NULL, NULL, NULL },
	{ "{`mem_swappiness`: false}", 0, "run --rm alpine", NULL, NULL,
	    "E@mem_swappiness: invalid type for 'mem_swappiness': expected "
	    "integer, found bool" },
	{ "{`oom_score_adj`: -500}", 0, "run --rm --oom-score-adj=-500 alpine",
	    NULL, NULL, NULL },
	{ "{`pids_limit`: -1}", 0, "run --rm --pids-limit=-1 alpine", NULL,
	    NULL, NULL },
	{ "{`pids_limit`: 100}", 0, "run --rm --pids-limit=100 alpine", NULL,
	    NULL, NULL },
	{ "{`nano_cpus`: 1500000000}", 0, "run --rm --cpus=1.5 alpine", NULL,
	    NULL, NULL },
	{ "{`nano_cpus`: 1}", 0, "run --rm --cpus=0.000000001 alpine", NULL,
	    NULL, NULL },
	{ "{`nano_cpus`: 2000000000}", 0, "run --rm --cpus=2 alpine", NULL,
	    NULL, NULL },
	{ "{`nano_cpus`: 250000000}", 0, "run --rm --cpus=0.25 alpine", NULL,
	    NULL, NULL },
	{ "{`nano_cpus`: -5}", 0, "run --rm alpine", NULL, NULL,
	    "E@nano_cpus: invalid value for 'nano_cpus': -5 (must be "
	    "positive)" },
	{ "{`nano_cpus`: 1.5}", 0, "run --rm alpine", NULL, NULL,
	    "E@nano_cpus: invalid type for 'nano_cpus': expected integer, "
	    "found number 1.5" },
	{ "{`nano_cpus`: 1000000000, `cpu_period`: 100000, `cpu_quota`: 5}",
	    0, "run --rm --cpu-period=100000 --cpu-quota=5 --cpus=1 alpine",
	    NULL, NULL,
	    "E@nano_cpus: 'nano_cpus' cannot be used with 'cpu_period'\n"
	    "E@nano_cpus: 'nano_cpus' cannot be used with 'cpu_quota'" },
	/* Strings. */
	{ "{`cgroup_parent`: `/my`}", 0, "run --rm --cgroup-parent=/my alpine",
	    NULL, NULL, NULL },
	{ "{`cgroup_parent`: 5}", 0, "run --rm alpine", NULL, NULL,
	    "E@cgroup_parent: invalid type for 'cgroup_parent': expected "
	    "string, found number 5" },
	{ "{`cpuset_cpus`: `0-3`}", 0, "run --rm --cpuset-cpus=0-3 alpine",
	    NULL, NULL, NULL },
	{ "{`cpuset_cpus`: `0,1`}", 0, "run --rm --cpuset-cpus=0,1 alpine",
	    NULL, NULL, NULL },
	{ "{`cpuset_mems`: `0`}", 0, "run --rm --cpuset-mems=0 alpine", NULL,
	    NULL, NULL },
	{ "{`cpuset_mems`: 1}", 0, "run --rm alpine", NULL, NULL,
	    "E@cpuset_mems: invalid type for 'cpuset_mems': expected string, "
	    "found number 1" },
	{ "{`domainname`: `example.com`}", 0,
	    "run --rm --domainname=example.com alpine", NULL, NULL, NULL },
	{ "{`domainname`: [`a`]}", 0, "run --rm alpine", NULL, NULL,
	    "E@domainname: invalid type for 'domainname': expected string, "
	    "found list" },
	{ "{`hostname`: `web`}", 0, "run --rm --hostname=web alpine", NULL,
	    NULL, NULL },
	{ "{`hostname`: `a b`}", 0, "run --rm '--hostname=a b' alpine", NULL,
	    NULL, NULL },
	{ "{`hostname`: `a\\u0000b`}", 0, "run --rm alpine", NULL, NULL,
	    "E@hostname: invalid value for 'hostname': a NUL byte cannot be "
	    "passed to docker" },
	{ "{`ipc_mode`: `host`}", 0, "run --rm --ipc=host alpine", NULL, NULL,
	    NULL },
	{ "{`isolation`: `default`}", 0, "run --rm --isolation=default alpine",
	    NULL, NULL, NULL },
	{ "{`isolation`: 1}", 0, "run --rm alpine", NULL, NULL,
	    "E@isolation: invalid type for 'isolation': expected string, found "
	    "number 1" },
	{ "{`mac_address`: `02:42:ac:11:00:02`}", 0,
	    "run --rm --mac-address=02:42:ac:11:00:02 alpine", NULL, NULL,
	    NULL },
	{ "{`name`: `job-1`}", 0, "run --rm --name=job-1 alpine", NULL, NULL,
	    NULL },
	{ "{`name`: ``}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`network`: `mynet`}", 0, "run --rm --network=mynet alpine", NULL,
	    NULL, NULL },
	{ "{`network`: `a`, `network_mode`: `bridge`}", 0,
	    "run --rm --network=a --network=bridge alpine", NULL, NULL,
	    "E@network_mode: 'network' and 'network_mode' cannot be used "
	    "together" },
	{ "{`network`: `host`, `ports`: {`80`: 80}}", 0,
	    "run --rm --network=host --publish=80:80/tcp alpine", NULL, NULL,
	    "E@ports: 'ports' cannot be used with the host network: \"host\" "
	    "network mode is incompatible with port bindings" },
	{ "{`network_mode`: `none`}", 0, "run --rm --network=none alpine", NULL,
	    NULL, NULL },
	{ "{`network_mode`: `container:abc`}", 0,
	    "run --rm --network=container:abc alpine", NULL, NULL, NULL },
	{ "{`network_mode`: `host`}", 0, "run --rm --network=host alpine", NULL,
	    NULL, NULL },
	{ "{`network_mode`: `host`, `ports`: {`80`: 80}}", 0,
	    "run --rm --network=host --publish=80:80/tcp alpine", NULL, NULL,
	    "E@ports: 'ports' cannot be used with the host network: \"host\" "
	    "network mode is incompatible with port bindings" },
	{ "{`network_mode`: `host`, `ports`: {}}", 0,
	    "run --rm --network=host alpine", NULL, NULL, NULL },
	{ "{`pid_mode`: `host`}", 0, "run --rm --pid=host alpine", NULL, NULL,
	    NULL },
	{ "{`platform`: `linux/arm64`}", 0,
	    "run --rm --platform=linux/arm64 alpine", NULL, NULL, NULL },
	{ "{`runtime`: `runc`}", 0, "run --rm --runtime=runc alpine", NULL,
	    NULL, NULL },
	{ "{`stop_signal`: `SIGINT`}", 0,
	    "run --rm --stop-signal=SIGINT alpine", NULL, NULL, NULL },
	{ "{`stop_signal`: 9}", 0, "run --rm alpine", NULL, NULL,
	    "E@stop_signal: invalid type for 'stop_signal': expected string, "
	    "found number 9" },
	{ "{`volume_driver`: `local`}", 0,
	    "run --rm --volume-driver=local alpine", NULL, NULL, NULL },
	{ "{`working_dir`: `/work`}", 0, "run --rm --workdir=/work alpine",
	    NULL, NULL, NULL },
	{ "{`user`: `1000:1000`}", 0, "run --rm --user=1000:1000 alpine", NULL,
	    NULL, NULL },
	{ "{`user`: 1000}", 0, "run --rm --user=1000 alpine", NULL, NULL,
	    NULL },
	{ "{`user`: [1]}", 0, "run --rm alpine", NULL, NULL,
	    "E@user: invalid type for 'user': expected string or number, found "
	    "list" },
	{ "{`userns_mode`: `host`}", 0, "run --rm --userns=host alpine", NULL,
	    NULL, NULL },
	{ "{`userns_mode`: `private`}", 0, "run --rm alpine", NULL, NULL,
	    "E@userns_mode: invalid value for 'userns_mode': 'private' (the "
	    "only accepted value is \"host\")" },
	{ "{`uts_mode`: `host`}", 0, "run --rm --uts=host alpine", NULL, NULL,
	    NULL },
	{ "{`uts_mode`: `x`}", 0, "run --rm alpine", NULL, NULL,
	    "E@uts_mode: invalid value for 'uts_mode': 'x' (the only accepted "
	    "value is \"host\")" },
	{ "{`restart_policy`: {`Name`: `no`}}", 0, "run --rm alpine", NULL,
	    NULL, NULL },
	{ "{`restart_policy`: {`Name`: ``, `MaximumRetryCount`: 0}}", 0,
	    "run --rm alpine", NULL, NULL, NULL },
	{ "{`restart_policy`: {`name`: `always`}}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@restart_policy: restart policy 'always' is not supported: a "
	    "task's container is not restarted while the task waits on it; use "
	    "'_retry' to run the task again" },
	{ "{`restart_policy`: {`Name`: `on-failure`, `MaximumRetryCount`: 3}}",
	    0, "run --rm alpine", NULL, NULL,
	    "E@restart_policy: restart policy 'on-failure' is not supported: "
	    "a task's container is not restarted while the task waits on it; "
	    "use '_retry' to run the task again" },
	{ "{`restart_policy`: `always`}", 0, "run --rm alpine", NULL, NULL,
	    "E@restart_policy: invalid type for 'restart_policy': expected "
	    "map, found string" },
};

/* The generic rows' rejections, once for each argument using them. */
static const struct tcase reject_cases[] = {
	{ "{`cpu_rt_period`: `x`}", 0, "run --rm alpine", NULL, NULL,
	    "E@cpu_rt_period: invalid type for 'cpu_rt_period': expected "
	    "integer, found string" },
	{ "{`cpu_rt_runtime`: 1.5}", 0, "run --rm alpine", NULL, NULL,
	    "E@cpu_rt_runtime: invalid type for 'cpu_rt_runtime': expected "
	    "integer, found number 1.5" },
	{ "{`cpu_period`: [1]}", 0, "run --rm alpine", NULL, NULL,
	    "E@cpu_period: invalid type for 'cpu_period': expected integer, "
	    "found list" },
	{ "{`cpu_quota`: `-1`}", 0, "run --rm alpine", NULL, NULL,
	    "E@cpu_quota: invalid type for 'cpu_quota': expected integer, "
	    "found string" },
	{ "{`oom_score_adj`: `1`}", 0, "run --rm alpine", NULL, NULL,
	    "E@oom_score_adj: invalid type for 'oom_score_adj': expected "
	    "integer, found string" },
	{ "{`pids_limit`: true}", 0, "run --rm alpine", NULL, NULL,
	    "E@pids_limit: invalid type for 'pids_limit': expected integer, "
	    "found bool" },
	{ "{`ipc_mode`: 1}", 0, "run --rm alpine", NULL, NULL,
	    "E@ipc_mode: invalid type for 'ipc_mode': expected string, found "
	    "number 1" },
	{ "{`mac_address`: 1}", 0, "run --rm alpine", NULL, NULL,
	    "E@mac_address: invalid type for 'mac_address': expected string, "
	    "found number 1" },
	{ "{`pid_mode`: [`host`]}", 0, "run --rm alpine", NULL, NULL,
	    "E@pid_mode: invalid type for 'pid_mode': expected string, found "
	    "list" },
	{ "{`platform`: {`os`: `linux`}}", 0, "run --rm alpine", NULL, NULL,
	    "E@platform: invalid type for 'platform': expected string, found "
	    "map" },
	{ "{`hostname`: true}", 0, "run --rm alpine", NULL, NULL,
	    "E@hostname: invalid type for 'hostname': expected string, found "
	    "bool" },
	{ "{`name`: 5}", 0, "run --rm alpine", NULL, NULL,
	    "E@name: invalid type for 'name': expected string, found "
	    "number 5" },
	{ "{`network`: 5}", 0, "run --rm alpine", NULL, NULL,
	    "E@network: invalid type for 'network': expected string, found "
	    "number 5" },
	{ "{`network_mode`: true}", 0, "run --rm alpine", NULL, NULL,
	    "E@network_mode: invalid type for 'network_mode': expected string, "
	    "found bool" },
	{ "{`runtime`: 1}", 0, "run --rm alpine", NULL, NULL,
	    "E@runtime: invalid type for 'runtime': expected string, found "
	    "number 1" },
	{ "{`volume_driver`: [`x`]}", 0, "run --rm alpine", NULL, NULL,
	    "E@volume_driver: invalid type for 'volume_driver': expected "
	    "string, found list" },
	{ "{`working_dir`: 1}", 0, "run --rm alpine", NULL, NULL,
	    "E@working_dir: invalid type for 'working_dir': expected string, "
	    "found number 1" },
	{ "{`userns_mode`: 1}", 0, "run --rm alpine", NULL, NULL,
	    "E@userns_mode: invalid type for 'userns_mode': expected string, "
	    "found number 1" },
	{ "{`publish_all_ports`: 1}", 0, "run --rm alpine", NULL, NULL,
	    "E@publish_all_ports: invalid type for 'publish_all_ports': "
	    "expected bool, found number 1" },
	{ "{`tty`: `yes`}", 0, "run --rm alpine", NULL, NULL,
	    "E@tty: invalid type for 'tty': expected bool, found string" },
	{ "{`oom_kill_disable`: 2}", 0, "run --rm alpine", NULL, NULL,
	    "E@oom_kill_disable: invalid type for 'oom_kill_disable': expected "
	    "bool, found number 2" },
	{ "{`read_only`: [true]}", 0, "run --rm alpine", NULL, NULL,
	    "E@read_only: invalid type for 'read_only': expected bool, found "
	    "list" },
	{ "{`network_disabled`: `yes`}", 0, "run --rm alpine", NULL, NULL,
	    "E@network_disabled: invalid type for 'network_disabled': expected "
	    "bool, found string" },
	{ "{`dns_opt`: `ndots:2`}", 0, "run --rm alpine", NULL, NULL,
	    "E@dns_opt: invalid type for 'dns_opt': expected list, found "
	    "string" },
	{ "{`shm_size`: [1]}", 0, "run --rm alpine", NULL, NULL,
	    "E@shm_size: invalid type for 'shm_size': expected integer or "
	    "string, found list" },
	{ "{`memswap_limit`: 1.5}", 0, "run --rm alpine", NULL, NULL,
	    "E@memswap_limit: invalid type for 'memswap_limit': expected "
	    "integer or string, found number 1.5" },
	{ "{`dns_search`: [1]}", 0, "run --rm alpine", NULL, NULL,
	    "E@dns_search: invalid type for 'dns_search[0]': expected string, "
	    "found number 1" },
	{ "{`mem_reservation`: `1q`}", 0, "run --rm alpine", NULL, NULL,
	    "E@mem_reservation: invalid size '1q' for 'mem_reservation': the "
	    "unit must be b, k, m or g" },
	{ "{`device_read_iops`: [{`Path`: `/dev/sda`, `Rate`: `1`}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@device_read_iops: invalid type for 'device_read_iops[0].Rate': "
	    "expected integer, found string" },
	{ "{`device_write_bps`: [{`Path`: `/dev/sda`}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@device_write_bps: 'device_write_bps[0]' needs 'Path' and "
	    "'Rate'" },
	{ "{`device_read_bps`: [{`Path`: 1, `Rate`: 1}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@device_read_bps: invalid type for 'device_read_bps[0].Path': "
	    "expected string, found number 1" },
};

/* Byte sizes: docker-py's parse_bytes, written as integers. */
static const struct tcase bytes_cases[] = {
	{ "{`mem_limit`: `128m`}", 0, "run --rm --memory=134217728 alpine",
	    NULL, NULL, NULL },
	{ "{`mem_limit`: `1.5g`}", 0, "run --rm --memory=1610612736 alpine",
	    NULL, NULL, NULL },
	{ "{`mem_limit`: `100000b`}", 0, "run --rm --memory=100000 alpine",
	    NULL, NULL, NULL },
	{ "{`mem_limit`: `1kb`}", 0, "run --rm --memory=1024 alpine", NULL,
	    NULL, NULL },
	{ "{`mem_limit`: `1KB`}", 0, "run --rm --memory=1024 alpine", NULL,
	    NULL, NULL },
	{ "{`mem_limit`: `1024`}", 0, "run --rm --memory=1024 alpine", NULL,
	    NULL, NULL },
	{ "{`mem_limit`: 2048}", 0, "run --rm --memory=2048 alpine", NULL,
	    NULL, NULL },
	{ "{`mem_limit`: 0}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`mem_limit`: `0`}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`mem_limit`: ``}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`mem_limit`: `1t`}", 0, "run --rm alpine", NULL, NULL,
	    "E@mem_limit: invalid size '1t' for 'mem_limit': the unit must be "
	    "b, k, m or g" },
	{ "{`mem_limit`: `xk`}", 0, "run --rm alpine", NULL, NULL,
	    "E@mem_limit: invalid size 'xk' for 'mem_limit': not a number "
	    "before the unit" },
	{ "{`mem_limit`: `9999999999g`}", 0, "run --rm alpine", NULL, NULL,
	    "E@mem_limit: invalid size '9999999999g' for 'mem_limit': out of "
	    "range" },
	{ "{`mem_limit`: 1e9}", 0, "run --rm alpine", NULL, NULL,
	    "E@mem_limit: invalid type for 'mem_limit': expected integer or "
	    "string, found number 1000000000" },
	{ "{`mem_limit`: true}", 0, "run --rm alpine", NULL, NULL,
	    "E@mem_limit: invalid type for 'mem_limit': expected integer or "
	    "string, found bool" },
	{ "{`mem_limit`: " UNK("var.m") "}", 0,
	    "run --rm '--memory=${var.m}' alpine", NULL, "rm stdout unknown",
	    NULL },
	{ "{`mem_reservation`: `64m`}", 0,
	    "run --rm --memory-reservation=67108864 alpine", NULL, NULL, NULL },
	{ "{`memswap_limit`: -1}", 0, "run --rm --memory-swap=-1 alpine", NULL,
	    NULL, NULL },
	{ "{`memswap_limit`: `-1`}", 0, "run --rm --memory-swap=-1 alpine",
	    NULL, NULL, NULL },
	{ "{`memswap_limit`: `1g`, `mem_limit`: `512m`}", 0,
	    "run --rm --memory=536870912 --memory-swap=1073741824 alpine", NULL,
	    NULL, NULL },
	{ "{`shm_size`: `1G`}", 0, "run --rm --shm-size=1073741824 alpine",
	    NULL, NULL, NULL },
	{ "{`shm_size`: 67108864}", 0, "run --rm --shm-size=67108864 alpine",
	    NULL, NULL, NULL },
};

/* Lists and maps of strings. */
static const struct tcase list_cases[] = {
	{ "{`cap_add`: [`NET_ADMIN`, `SYS_TIME`]}", 0,
	    "run --rm --cap-add=NET_ADMIN --cap-add=SYS_TIME alpine", NULL,
	    NULL, NULL },
	{ "{`cap_add`: `NET_ADMIN`}", 0, "run --rm --cap-add=NET_ADMIN alpine",
	    NULL, NULL, NULL },
	{ "{`cap_add`: []}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`cap_add`: [1]}", 0, "run --rm alpine", NULL, NULL,
	    "E@cap_add: invalid type for 'cap_add[0]': expected string, found "
	    "number 1" },
	{ "{`cap_add`: {`a`: 1}}", 0, "run --rm alpine", NULL, NULL,
	    "E@cap_add: invalid type for 'cap_add': expected list or string, "
	    "found map" },
	{ "{`cap_drop`: [`ALL`]}", 0, "run --rm --cap-drop=ALL alpine", NULL,
	    NULL, NULL },
	{ "{`cap_drop`: `ALL`}", 0, "run --rm --cap-drop=ALL alpine", NULL,
	    NULL, NULL },
	{ "{`device_cgroup_rules`: [`c 1:3 mr`, `a *:* rwm`]}", 0,
	    "run --rm '--device-cgroup-rule=c 1:3 mr' "
	    "'--device-cgroup-rule=a *:* rwm' alpine", NULL, NULL, NULL },
	{ "{`device_cgroup_rules`: `c 1:3 mr`}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@device_cgroup_rules: invalid type for 'device_cgroup_rules': "
	    "expected list, found string" },
	{ "{`dns`: [`8.8.8.8`, `1.1.1.1`]}", 0,
	    "run --rm --dns=8.8.8.8 --dns=1.1.1.1 alpine", NULL, NULL, NULL },
	{ "{`dns`: `8.8.8.8`}", 0, "run --rm alpine", NULL, NULL,
	    "E@dns: invalid type for 'dns': expected list, found string" },
	{ "{`dns_opt`: [`ndots:2`, `use-vc`]}", 0,
	    "run --rm --dns-option=ndots:2 --dns-option=use-vc alpine", NULL,
	    NULL, NULL },
	{ "{`dns_search`: [`example.com`]}", 0,
	    "run --rm --dns-search=example.com alpine", NULL, NULL, NULL },
	{ "{`security_opt`: [`no-new-privileges`, `seccomp=unconfined`]}", 0,
	    "run --rm --security-opt=no-new-privileges "
	    "--security-opt=seccomp=unconfined alpine", NULL, NULL, NULL },
	{ "{`security_opt`: `label=disable`}", 0, "run --rm alpine", NULL, NULL,
	    "E@security_opt: invalid type for 'security_opt': expected list, "
	    "found string" },
	{ "{`volumes_from`: [`a`, `b:ro`]}", 0,
	    "run --rm --volumes-from=a --volumes-from=b:ro alpine", NULL, NULL,
	    NULL },
	{ "{`volumes_from`: `a,b:ro`}", 0,
	    "run --rm --volumes-from=a --volumes-from=b:ro alpine", NULL, NULL,
	    NULL },
	{ "{`volumes_from`: 3}", 0, "run --rm alpine", NULL, NULL,
	    "E@volumes_from: invalid type for 'volumes_from': expected list or "
	    "string, found number 3" },
	{ "{`group_add`: [1000, `audio`]}", 0,
	    "run --rm --group-add=1000 --group-add=audio alpine", NULL, NULL,
	    NULL },
	{ "{`group_add`: `audio`}", 0, "run --rm alpine", NULL, NULL,
	    "E@group_add: invalid type for 'group_add': expected list, found "
	    "string" },
	{ "{`group_add`: [[1]]}", 0, "run --rm alpine", NULL, NULL,
	    "E@group_add: invalid type for 'group_add[0]': expected string or "
	    "number, found list" },
	{ "{`extra_hosts`: {`db`: `10.0.0.2`, `h6`: `::1`}}", 0,
	    "run --rm --add-host=db:10.0.0.2 --add-host=h6:::1 alpine", NULL,
	    NULL, NULL },
	{ "{`extra_hosts`: [`gw:host-gateway`]}", 0,
	    "run --rm --add-host=gw:host-gateway alpine", NULL, NULL, NULL },
	{ "{`extra_hosts`: {`x`: null}}", 0, "run --rm alpine", NULL, NULL,
	    "E@extra_hosts: invalid type for 'extra_hosts.x': expected string, "
	    "found null" },
	{ "{`extra_hosts`: `a:1.2.3.4`}", 0, "run --rm alpine", NULL, NULL,
	    "E@extra_hosts: invalid type for 'extra_hosts': expected map or "
	    "list, found string" },
	{ "{`labels`: {`com.example.a`: `1`, `b`: ``}}", 0,
	    "run --rm --label=b= --label=com.example.a=1 alpine", NULL, NULL,
	    NULL },
	{ "{`labels`: [`a`, `b`]}", 0, "run --rm --label=a --label=b alpine",
	    NULL, NULL, NULL },
	{ "{`labels`: [`a=b`]}", 0, "run --rm alpine", NULL, NULL,
	    "E@labels: invalid label name 'a=b': the list form names labels, "
	    "which cannot contain '='; use a map for values" },
	{ "{`labels`: {`x`: 1}}", 0, "run --rm alpine", NULL, NULL,
	    "E@labels: invalid type for 'labels.x': expected string, found "
	    "number 1" },
	{ "{`labels`: {`runflow.run`: `x`}}", 0, "run --rm alpine", NULL, NULL,
	    "E@labels: label 'runflow.run' is reserved: runflow sets it on "
	    "every container it starts" },
	{ "{`labels`: [`runflow.task`]}", 0, "run --rm alpine", NULL, NULL,
	    "E@labels: label 'runflow.task' is reserved: runflow sets it on "
	    "every container it starts" },
	{ "{`labels`: `a`}", 0, "run --rm alpine", NULL, NULL,
	    "E@labels: invalid type for 'labels': expected map or list, found "
	    "string" },
	{ "{`links`: {`db`: `database`, `cache`: null, `web`: ``}}", 0,
	    "run --rm --link=cache --link=db:database --link=web alpine", NULL,
	    NULL, NULL },
	{ "{`links`: [[`b`, `x`], [`a`, null]]}", 0,
	    "run --rm --link=a --link=b:x alpine", NULL, NULL, NULL },
	{ "{`links`: [`a`]}", 0, "run --rm alpine", NULL, NULL,
	    "E@links: invalid item 'links[0]': expected a [container, alias] "
	    "pair" },
	{ "{`links`: `a`}", 0, "run --rm alpine", NULL, NULL,
	    "E@links: invalid type for 'links': expected map or list, found "
	    "string" },
	{ "{`sysctls`: {`net.core.somaxconn`: 1024, `kernel.shmmax`: `1`, "
	  "`net.ipv4.ip_forward`: true}}", 0,
	    "run --rm --sysctl=kernel.shmmax=1 "
	    "--sysctl=net.core.somaxconn=1024 "
	    "--sysctl=net.ipv4.ip_forward=true alpine", NULL, NULL, NULL },
	{ "{`sysctls`: [`x`]}", 0, "run --rm alpine", NULL, NULL,
	    "E@sysctls: invalid type for 'sysctls': expected map, found list" },
	{ "{`storage_opt`: {`size`: `10G`}}", 0,
	    "run --rm --storage-opt=size=10G alpine", NULL, NULL, NULL },
	{ "{`storage_opt`: {`size`: 10}}", 0, "run --rm alpine", NULL, NULL,
	    "E@storage_opt: invalid type for 'storage_opt.size': expected "
	    "string, found number 10" },
	{ "{`tmpfs`: {`/mnt/vol1`: `size=3G,uid=1000`, `/mnt/vol2`: ``}}", 0,
	    "run --rm --tmpfs=/mnt/vol1:size=3G,uid=1000 --tmpfs=/mnt/vol2 "
	    "alpine", NULL, NULL, NULL },
	{ "{`tmpfs`: [`/run:size=1m`, `/tmp`]}", 0,
	    "run --rm --tmpfs=/run:size=1m --tmpfs=/tmp alpine", NULL, NULL,
	    NULL },
	{ "{`tmpfs`: {`/a:b`: ``}}", 0, "run --rm alpine", NULL, NULL,
	    "E@tmpfs: invalid tmpfs path '/a:b': the docker CLI cuts it at "
	    "':'" },
	{ "{`tmpfs`: {`/a`: 1}}", 0, "run --rm alpine", NULL, NULL,
	    "E@tmpfs: invalid type for 'tmpfs[\"/a\"]': expected string, found "
	    "number 1" },
	{ "{`tmpfs`: `/tmp`}", 0, "run --rm alpine", NULL, NULL,
	    "E@tmpfs: invalid type for 'tmpfs': expected map or list, found "
	    "string" },
};

/* command and entrypoint. */
static const struct tcase command_cases[] = {
	{ "{`command`: `echo hello world`}", 0,
	    "run --rm alpine echo hello world", NULL, NULL, NULL },
	{ "{`command`: `/bin/bash -c 'exit 1'`}", 0,
	    "run --rm alpine /bin/bash -c 'exit 1'", NULL, NULL, NULL },
	{ "{`command`: `sh -c 'echo \\`$HOME\\`'`}", 0,
	    "run --rm alpine sh -c 'echo \"$HOME\"'", NULL, NULL, NULL },
	{ "{`command`: [`sh`, `-c`, `exit 2`]}", 0,
	    "run --rm alpine sh -c 'exit 2'", NULL, NULL, NULL },
	{ "{`command`: [`--help`, ``]}", 0, "run --rm alpine --help ''", NULL,
	    NULL, NULL },
	{ "{`command`: ``}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`command`: `  `}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`command`: []}", 0, "run --rm alpine", NULL, NULL, NULL },
	{ "{`command`: `echo 'abc`}", 0, "run --rm alpine", NULL, NULL,
	    "E@command: cannot split 'command' into words: no closing "
	    "quotation" },
	{ "{`command`: `echo \\\\`}", 0, "run --rm alpine", NULL, NULL,
	    "E@command: cannot split 'command' into words: no escaped "
	    "character" },
	{ "{`command`: 5}", 0, "run --rm alpine", NULL, NULL,
	    "E@command: invalid type for 'command': expected string or list, "
	    "found number 5" },
	{ "{`command`: false}", 0, "run --rm alpine", NULL, NULL,
	    "E@command: invalid type for 'command': expected string or list, "
	    "found bool" },
	{ "{`command`: [`echo`, 1]}", 0, "run --rm alpine echo", NULL, NULL,
	    "E@command: invalid type for 'command[1]': expected string, found "
	    "number 1" },
	{ "{`command`: " UNK("task.docker_run.b.stdout") "}", 0,
	    "run --rm alpine '${task.docker_run.b.stdout}'", NULL,
	    "rm stdout unknown", NULL },
	{ "{`command`: [`echo`, " UNK("var.x") "]}", 0,
	    "run --rm alpine echo '${var.x}'", NULL, "rm stdout unknown",
	    NULL },
	{ "{`entrypoint`: `/bin/sh -c`, `command`: `echo hi`}", 0,
	    "run --rm --entrypoint=/bin/sh alpine -c echo hi", NULL, NULL,
	    NULL },
	{ "{`entrypoint`: [`/bin/sh`, `-c`], `command`: [`echo hi`]}", 0,
	    "run --rm --entrypoint=/bin/sh alpine -c 'echo hi'", NULL, NULL,
	    NULL },
	{ "{`entrypoint`: [`echo`]}", 0, "run --rm --entrypoint=echo alpine",
	    NULL, NULL, NULL },
	{ "{`entrypoint`: ``}", 0, "run --rm --entrypoint= alpine", NULL,
	    "rm stdout need_cmd", NULL },
	{ "{`entrypoint`: []}", 0, "run --rm --entrypoint= alpine", NULL,
	    "rm stdout need_cmd", NULL },
	{ "{`entrypoint`: [], `command`: ``}", 0,
	    "run --rm --entrypoint= alpine", NULL, "rm stdout need_cmd", NULL },
	{ "{`entrypoint`: [], `command`: [`ls`]}", 0,
	    "run --rm --entrypoint= alpine ls", NULL, NULL, NULL },
	{ "{`entrypoint`: [], `command`: " UNK("var.c") "}", 0,
	    "run --rm --entrypoint= alpine '${var.c}'", NULL,
	    "rm stdout unknown", NULL },
	{ "{`entrypoint`: " UNK("var.e") "}", 0,
	    "run --rm '--entrypoint=${var.e}' alpine", NULL,
	    "rm stdout unknown", NULL },
	{ "{`entrypoint`: `a \\`b`}", 0, "run --rm alpine", NULL, NULL,
	    "E@entrypoint: cannot split 'entrypoint' into words: no closing "
	    "quotation" },
	{ "{`entrypoint`: {}}", 0, "run --rm alpine", NULL, NULL,
	    "E@entrypoint: invalid type for 'entrypoint': expected string or "
	    "list, found map" },
	{ "{`entrypoint`: [`[x`, `y`]}", T_PODMAN,
	    "run --rm '--entrypoint=[\"[x\"]' alpine y", NULL, NULL, NULL },
	{ "{`entrypoint`: [`[x`, `y`]}", 0,
	    "run --rm '--entrypoint=[x' alpine y", NULL, NULL, NULL },
};

/* environment: values out of argv (decisions §5). */
static const struct tcase env_cases[] = {
	{ "{`environment`: {`greeter`: `world`}}", 0,
	    "run --rm --env=greeter alpine", "greeter=world", NULL, NULL },
	{ "{`environment`: {`N`: 1, `B`: true, `F`: 1.5, `U`: null, "
	  "`E`: ``}}", 0,
	    "run --rm --env=B --env=E --env=F --env=N --env=U alpine",
	    "B=true E= F=1.5 N=1 -U", NULL, NULL },
	{ "{`environment`: [`A=1`, `B`, `A=2`, `C=x=y`]}", 0,
	    "run --rm --env=A --env=B --env=C alpine", "A=2 C=x=y -B", NULL,
	    NULL },
	{ "{`environment`: [`A`, `A=1`]}", 0, "run --rm --env=A alpine", "A=1",
	    NULL, NULL },
	{ "{`environment`: {`M`: `a'b\\n\\`c\\` $d \\u00e9`}}", 0,
	    "run --rm --env=M alpine", "'M=a'\\''b\n\"c\" $d \xc3\xa9'", NULL,
	    NULL },
	{ "{`environment`: {`PATH`: `/x`, `DOCKER_HOST`: `tcp://h:2375`, "
	  "`http_proxy`: `http://p`, `HOME`: `/h`, `X`: `y`}}", 0,
	    "run --rm --env=DOCKER_HOST=tcp://h:2375 --env=HOME=/h "
	    "--env=PATH=/x --env=X --env=http_proxy=http://p alpine", "X=y",
	    NULL, NULL },
	{ "{`environment`: [`LD_PRELOAD=/x.so`, `XDG_RUNTIME_DIR=/r`]}", 0,
	    "run --rm --env=LD_PRELOAD=/x.so --env=XDG_RUNTIME_DIR=/r alpine",
	    NULL, NULL, NULL },
	{ "{`environment`: {`PATH`: null}}", 0, "run --rm alpine", NULL, NULL,
	    "E@environment: cannot unset 'PATH' in the container: the docker "
	    "CLI reads 'PATH' itself" },
	{ "{`environment`: [`DOCKER_HOST`]}", 0, "run --rm alpine", NULL, NULL,
	    "E@environment: cannot unset 'DOCKER_HOST' in the container: the "
	    "docker CLI reads 'DOCKER_HOST' itself" },
	{ "{`environment`: {`A=B`: `x`}}", 0, "run --rm alpine", NULL, NULL,
	    "E@environment: invalid environment variable name 'A=B': it cannot "
	    "contain '='" },
	{ "{`environment`: [``]}", 0, "run --rm alpine", NULL, NULL,
	    "E@environment: invalid environment variable in "
	    "'environment[0]': the name is empty" },
	{ "{`environment`: [`=x`]}", 0, "run --rm alpine", NULL, NULL,
	    "E@environment: invalid environment variable in "
	    "'environment[0]': the name is empty" },
	{ "{`environment`: {``: `x`}}", 0, "run --rm alpine", NULL, NULL,
	    "E@environment: invalid environment variable in "
	    "'environment[\"\"]': the name is empty" },
	{ "{`environment`: [1]}", 0, "run --rm alpine", NULL, NULL,
	    "E@environment: invalid type for 'environment[0]': expected "
	    "string, found number 1" },
	{ "{`environment`: {`A`: [1]}}", 0, "run --rm alpine", NULL, NULL,
	    "E@environment: invalid type for 'environment.A': expected "
	    "string, number or bool, found list" },
	{ "{`environment`: `A=1`}", 0, "run --rm alpine", NULL, NULL,
	    "E@environment: invalid type for 'environment': expected map or "
	    "list, found string" },
	{ "{`environment`: {`A*`: `x`}}", T_PODMAN, "run --rm alpine", NULL,
	    NULL,
	    "E@environment: invalid environment variable name 'A*': 'podman' "
	    "reads a trailing '*' as a pattern" },
	{ "{`environment`: {`A*`: `x`}}", 0, "run --rm '--env=A*' alpine",
	    "'A*=x'", NULL, NULL },
	{ "{`environment`: {`A`: " UNK("task.docker_run.b.stdout") ", "
	  "`PATH`: " UNK("var.p") "}}", 0,
	    "run --rm --env=A '--env=PATH=${var.p}' alpine",
	    "'A=${task.docker_run.b.stdout}'", "rm stdout unknown", NULL },
	{ "{`environment`: [" UNK("var.e") ", `B=1`]}", 0,
	    "run --rm '--env=${var.e}' --env=B alpine", "B=1",
	    "rm stdout unknown", NULL },
	{ "{`environment`: {}}", 0, "run --rm alpine", NULL, NULL, NULL },
};

/* ports: every binding form. */
static const struct tcase port_cases[] = {
	{ "{`ports`: {`80/tcp`: 8080}}", 0,
	    "run --rm --publish=8080:80/tcp alpine", NULL, NULL, NULL },
	{ "{`ports`: {`2222/tcp`: 3333, `53/udp`: `5353`, `443`: null, "
	  "`132/sctp`: 132}}", 0,
	    "run --rm --publish=132:132/sctp --publish=3333:2222/tcp "
	    "--publish=443/tcp --publish=5353:53/udp alpine", NULL, NULL,
	    NULL },
	{ "{`ports`: {`1111/tcp`: [1234, 4567]}}", 0,
	    "run --rm --publish=1234:1111/tcp --publish=4567:1111/tcp alpine",
	    NULL, NULL, NULL },
	{ "{`ports`: {`8443/tcp`: {`HostIp`: `127.0.0.1`, `HostPort`: 9443}}}",
	    0, "run --rm --publish=127.0.0.1:9443:8443/tcp alpine", NULL, NULL,
	    NULL },
	{ "{`ports`: {`22`: {`HostIp`: `::1`, `HostPort`: 2222}}}", 0,
	    "run --rm '--publish=[::1]:2222:22/tcp' alpine", NULL, NULL, NULL },
	{ "{`ports`: {`22`: {`HostIp`: `[::1]`, `HostPort`: `2222`}}}", 0,
	    "run --rm '--publish=[::1]:2222:22/tcp' alpine", NULL, NULL, NULL },
	{ "{`ports`: {`7000`: {`HostIp`: `10.0.0.1`, `HostPort`: null}}}", 0,
	    "run --rm --publish=10.0.0.1::7000/tcp alpine", NULL, NULL, NULL },
	{ "{`ports`: {`7000`: {`HostPort`: 7001}}}", 0,
	    "run --rm --publish=7001:7000/tcp alpine", NULL, NULL, NULL },
	{ "{`ports`: {`80`: [null, {`HostIp`: `0.0.0.0`, `HostPort`: 81}]}}",
	    0, "run --rm --publish=80/tcp --publish=0.0.0.0:81:80/tcp alpine",
	    NULL, NULL, NULL },
	{ "{`ports`: {`80`: `8000-8010`}}", 0,
	    "run --rm --publish=8000-8010:80/tcp alpine", NULL, NULL, NULL },
	{ "{`ports`: {`80`: 0}}", 0, "run --rm --publish=0:80/tcp alpine", NULL,
	    NULL, NULL },
	/* An HCL list is several bindings, not (ip, port). */
	{ "{`ports`: {`8443/tcp`: [`127.0.0.1`, 9443]}}", 0,
	    "run --rm --publish=9443:8443/tcp alpine", NULL, NULL,
	    "E@ports: invalid host port for 'ports[\"8443/tcp\"][0]': "
	    "'127.0.0.1'" },
	{ "{`ports`: {`8000-8010`: 1}}", 0, "run --rm alpine", NULL, NULL,
	    "E@ports: invalid container port '8000-8010' in 'ports': expected "
	    "PORT or PORT/PROTOCOL with a port in 1-65535 and protocol tcp, "
	    "udp or sctp" },
	{ "{`ports`: {`80/TCP`: 1}}", 0, "run --rm alpine", NULL, NULL,
	    "E@ports: invalid container port '80/TCP' in 'ports': expected "
	    "PORT or PORT/PROTOCOL with a port in 1-65535 and protocol tcp, "
	    "udp or sctp" },
	{ "{`ports`: {`0`: 1, `70000`: 1}}", 0, "run --rm alpine", NULL, NULL,
	    "E@ports: invalid container port '0' in 'ports': expected PORT or "
	    "PORT/PROTOCOL with a port in 1-65535 and protocol tcp, udp or "
	    "sctp\n"
	    "E@ports: invalid container port '70000' in 'ports': expected "
	    "PORT or PORT/PROTOCOL with a port in 1-65535 and protocol tcp, "
	    "udp or sctp" },
	{ "{`ports`: {`80`: true}}", 0, "run --rm alpine", NULL, NULL,
	    "E@ports: invalid type for 'ports[\"80\"]': expected integer, "
	    "string or null, found bool" },
	{ "{`ports`: {`80`: 1.5}}", 0, "run --rm alpine", NULL, NULL,
	    "E@ports: invalid type for 'ports[\"80\"]': expected integer, "
	    "string or null, found number 1.5" },
	{ "{`ports`: {`80`: {`HostIp`: `1.2.3.4`}}}", 0, "run --rm alpine",
	    NULL, NULL,
	    "E@ports: 'ports[\"80\"]' needs a 'HostPort' (null for a random "
	    "port)" },
	{ "{`ports`: {`80`: {`HostPort`: 1, `hostip`: `x`}}}", 0,
	    "run --rm --publish=1:80/tcp alpine", NULL, NULL,
	    "W@ports: ignoring unknown key 'hostip' in 'ports[\"80\"]'" },
	{ "{`ports`: {`80`: 70000}}", 0, "run --rm alpine", NULL, NULL,
	    "E@ports: invalid host port for 'ports[\"80\"]': 70000" },
	{ "{`ports`: {`80`: `abc`}}", 0, "run --rm alpine", NULL, NULL,
	    "E@ports: invalid host port for 'ports[\"80\"]': 'abc'" },
	{ "{`ports`: {`80`: [[`127.0.0.1`, 1]]}}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@ports: invalid type for 'ports[\"80\"][0]': expected integer, "
	    "string, null or map, found list" },
	{ "{`ports`: [80]}", 0, "run --rm alpine", NULL, NULL,
	    "E@ports: invalid type for 'ports': expected map, found list" },
	{ "{`ports`: {`80`: " UNK("var.p") "}}", 0,
	    "run --rm '--publish=${var.p}:80/tcp' alpine", NULL,
	    "rm stdout unknown", NULL },
};

/* volumes and mounts. */
static const struct tcase volume_cases[] = {
	{ "{`volumes`: {`/home/user1/`: {`bind`: `/mnt/vol2`, `mode`: `rw`}, "
	  "`/var/www`: {`bind`: `/mnt/vol1`, `mode`: `ro`}, "
	  "`data`: {`bind`: `/data`}, `/x`: {`bind`: `/y`, `ro`: true}, "
	  "`/z`: {`bind`: `/z`, `ro`: false}, "
	  "`/s`: {`bind`: `/s`, `mode`: `ro,z`}}}", 0,
	    "run --rm --volume=/home/user1/:/mnt/vol2:rw "
	    "--volume=/s:/s:ro,z --volume=/var/www:/mnt/vol1:ro "
	    "--volume=/x:/y:ro --volume=/z:/z:rw --volume=data:/data:rw alpine",
	    NULL, NULL, NULL },
	{ "{`volumes`: [`/a:/b:ro`, `vol:/c`, `./rel:/d`]}", 0,
	    "run --rm --volume=/a:/b:ro --volume=vol:/c --volume=./rel:/d "
	    "alpine", NULL, NULL, NULL },
	{ "{`volumes`: {`/h`: `/c`}}", 0, "run --rm alpine", NULL, NULL,
	    "E@volumes: invalid type for 'volumes[\"/h\"]': expected map, "
	    "found string" },
	{ "{`volumes`: {`/h`: {`mode`: `ro`}}}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@volumes: 'volumes[\"/h\"]' needs a 'bind' (the path in the "
	    "container)" },
	{ "{`volumes`: {`/h`: {`bind`: `/c`, `ro`: true, `mode`: `ro`}}}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@volumes: 'volumes[\"/h\"]' cannot have both 'ro' and 'mode'" },
	{ "{`volumes`: {`/h`: {`bind`: `/c`, `mode`: ``}}}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@volumes: invalid value for 'volumes[\"/h\"].mode': the mode is "
	    "empty" },
	{ "{`volumes`: {`/h`: {`bind`: `/c`, `Mode`: `ro`}}}", 0,
	    "run --rm --volume=/h:/c:rw alpine", NULL, NULL,
	    "W@volumes: ignoring unknown key 'Mode' in 'volumes[\"/h\"]'" },
	{ "{`volumes`: `/a:/b`}", 0, "run --rm alpine", NULL, NULL,
	    "E@volumes: invalid type for 'volumes': expected map or list, "
	    "found string" },
	{ "{`mounts`: [{`Type`: `tmpfs`, `Target`: `/tmp`, "
	  "`TmpfsOptions`: {`SizeBytes`: 67108864, `Mode`: 1023}}]}", 0,
	    "run --rm --mount=type=tmpfs,target=/tmp,tmpfs-size=67108864,"
	    "tmpfs-mode=1777 alpine", NULL, NULL, NULL },
	{ "{`mounts`: [{`type`: `bind`, `source`: `/h`, `target`: `/c d`, "
	  "`readonly`: true, `bindoptions`: {`propagation`: `rprivate`, "
	  "`nonrecursive`: true, `createmountpoint`: true}, "
	  "`consistency`: `cached`}]}", 0,
	    "run --rm '--mount=type=bind,source=/h,target=/c d,readonly,"
	    "consistency=cached,bind-propagation=rprivate,"
	    "bind-recursive=disabled,bind-create-src' alpine", NULL, NULL,
	    NULL },
	{ "{`mounts`: [{`Type`: `bind`, `Source`: `/h`, `Target`: `/a,b`, "
	  "`ReadOnly`: false}]}", 0,
	    "run --rm '--mount=type=bind,source=/h,\"target=/a,b\"' alpine",
	    NULL, NULL, NULL },
	{ "{`mounts`: [{`Type`: `volume`, `Source`: `v`, `Target`: `/d`, "
	  "`VolumeOptions`: {`NoCopy`: true, `Labels`: {`a`: `b`}, "
	  "`DriverConfig`: {`Name`: `local`, `Options`: {`type`: `nfs`, "
	  "`o`: `addr=1.2.3.4,rw`}}, `Subpath`: `sub`}}]}", 0,
	    "run --rm '--mount=type=volume,source=v,target=/d,volume-nocopy,"
	    "volume-label=a=b,volume-driver=local,\"volume-opt=o=addr=1.2.3.4,"
	    "rw\",volume-opt=type=nfs,volume-subpath=sub' alpine", NULL, NULL,
	    NULL },
	{ "{`mounts`: [{`Target`: `/x`}]}", 0, "run --rm --mount=target=/x "
	    "alpine", NULL, NULL, NULL },
	{ "{`mounts`: [{`Target`: `/x`, `read_only`: true}]}", 0,
	    "run --rm --mount=target=/x alpine", NULL, NULL,
	    "W@mounts: ignoring unknown key 'read_only' in 'mounts[0]'" },
	{ "{`mounts`: [{`Source`: `/x`}]}", 0, "run --rm alpine", NULL, NULL,
	    "E@mounts: 'mounts[0]' needs a 'Target'" },
	{ "{`mounts`: [`type=bind,source=/a,target=/b`]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@mounts: invalid type for 'mounts[0]': expected map, found "
	    "string" },
	{ "{`mounts`: {`Target`: `/x`}}", 0, "run --rm alpine", NULL, NULL,
	    "E@mounts: invalid type for 'mounts': expected list, found map" },
	{ "{`mounts`: [{`Target`: ` /x`}]}", 0, "run --rm alpine", NULL, NULL,
	    "E@mounts: invalid value for 'mounts[0].Target': the --mount flag "
	    "refuses leading or trailing whitespace" },
	{ "{`mounts`: [{`Target`: `/x\\r`}]}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@mounts: invalid value for 'mounts[0].Target': a carriage return "
	    "cannot be passed in a CSV flag value" },
	{ "{`mounts`: [{`Target`: `/x`, `target`: `/y`}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@mounts: 'mounts[0]' has two keys for 'Target'" },
	{ "{`mounts`: [{`Target`: `/x`, `TmpfsOptions`: {`Mode`: -1}}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@mounts: invalid value for 'mounts[0].TmpfsOptions.Mode': -1" },
	{ "{`mounts`: [{`Target`: `/x`, `ReadOnly`: 1}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@mounts: invalid type for 'mounts[0].ReadOnly': expected bool, "
	    "found number 1" },
	{ "{`mounts`: [{`Target`: `/x`, `VolumeOptions`: {`NoCopy`: true}}]}",
	    T_PODMAN, "run --rm alpine", NULL, NULL,
	    "E@mounts: 'mounts[0].VolumeOptions.NoCopy' is not supported by "
	    "'podman' (it has no --mount option volume-nocopy)" },
	{ "{`mounts`: [{`Type`: `bind`, `Source`: `/a`, `Target`: `/x`, "
	  "`BindOptions`: {`NonRecursive`: true}}]}", T_PODMAN,
	    "run --rm --mount=type=bind,source=/a,target=/x,bind-nonrecursive "
	    "alpine", NULL, NULL, NULL },
	{ "{`mounts`: [{`Target`: `/x`, `Source`: " UNK("var.s") "}]}", 0,
	    "run --rm '--mount=source=${var.s},target=/x' alpine", NULL,
	    "rm stdout unknown", NULL },
};

/* Lists of raw maps: devices, device limits, ulimits, GPUs. */
static const struct tcase device_cases[] = {
	{ "{`devices`: [`/dev/sdb:/dev/xvdb:rwm`, `/dev/fuse`, `/dev/sdc:rw`]}",
	    0, "run --rm --device=/dev/sdb:/dev/xvdb:rwm --device=/dev/fuse "
	    "--device=/dev/sdc:rw alpine", NULL, NULL, NULL },
	{ "{`devices`: [{`PathOnHost`: `/dev/sda`, `PathInContainer`: "
	  "`/dev/xvda`, `CgroupPermissions`: `rwm`}, {`pathonhost`: `/dev/b`},"
	  " {`PathOnHost`: `/dev/c`, `CgroupPermissions`: `r`}]}", 0,
	    "run --rm --device=/dev/sda:/dev/xvda:rwm --device=/dev/b "
	    "--device=/dev/c:/dev/c:r alpine", NULL, NULL, NULL },
	{ "{`devices`: [{`PathInContainer`: `/x`}]}", 0, "run --rm alpine",
	    NULL, NULL, "E@devices: 'devices[0]' needs 'PathOnHost'" },
	{ "{`devices`: `/dev/sda`}", 0, "run --rm alpine", NULL, NULL,
	    "E@devices: invalid type for 'devices': expected list, found "
	    "string" },
	{ "{`devices`: [1]}", 0, "run --rm alpine", NULL, NULL,
	    "E@devices: invalid type for 'devices[0]': expected string or map, "
	    "found number 1" },
	{ "{`blkio_weight_device`: [{`Path`: `/dev/sda`, `Weight`: 200}, "
	  "{`path`: `/dev/sdb`, `weight`: 10}]}", 0,
	    "run --rm --blkio-weight-device=/dev/sda:200 "
	    "--blkio-weight-device=/dev/sdb:10 alpine", NULL, NULL, NULL },
	{ "{`blkio_weight_device`: [{`Path`: `/dev/sda`}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@blkio_weight_device: 'blkio_weight_device[0]' needs 'Path' and "
	    "'Weight'" },
	{ "{`blkio_weight_device`: [{`Path`: `/dev/sda`, `Weight`: 70000}]}",
	    0, "run --rm alpine", NULL, NULL,
	    "E@blkio_weight_device: invalid value for "
	    "'blkio_weight_device[0].Weight': 70000" },
	{ "{`blkio_weight_device`: [`/dev/sda:200`]}", 0, "run --rm alpine",
	    NULL, NULL,
	    "E@blkio_weight_device: invalid type for 'blkio_weight_device[0]': "
	    "expected map, found string" },
	{ "{`blkio_weight_device`: {`Path`: `/dev/sda`}}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@blkio_weight_device: invalid type for 'blkio_weight_device': "
	    "expected list, found map" },
	{ "{`blkio_weight_device`: [{`Path`: `/dev/sda`, `Weight`: 200, "
	  "`x`: 1}]}", 0, "run --rm --blkio-weight-device=/dev/sda:200 alpine",
	    NULL, NULL,
	    "W@blkio_weight_device: ignoring unknown key 'x' in "
	    "'blkio_weight_device[0]'" },
	{ "{`device_read_bps`: [{`Path`: `/dev/sda`, `Rate`: 1048576}]}", 0,
	    "run --rm --device-read-bps=/dev/sda:1048576 alpine", NULL, NULL,
	    NULL },
	{ "{`device_read_bps`: [{`Path`: `/dev/sda`, `Rate`: `1mb`}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@device_read_bps: invalid type for 'device_read_bps[0].Rate': "
	    "expected integer, found string" },
	{ "{`device_read_iops`: [{`Path`: `/dev/sda`, `Rate`: 1000}]}", 0,
	    "run --rm --device-read-iops=/dev/sda:1000 alpine", NULL, NULL,
	    NULL },
	{ "{`device_write_bps`: [{`Path`: `/dev/sda`, `Rate`: 2097152}]}", 0,
	    "run --rm --device-write-bps=/dev/sda:2097152 alpine", NULL, NULL,
	    NULL },
	{ "{`device_write_iops`: [{`Path`: `/dev/sda`, `Rate`: 500}]}", 0,
	    "run --rm --device-write-iops=/dev/sda:500 alpine", NULL, NULL,
	    NULL },
	{ "{`device_write_iops`: [{`Path`: `/dev/sda`, `Rate`: -1}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@device_write_iops: invalid value for "
	    "'device_write_iops[0].Rate': -1" },
	{ "{`ulimits`: [{`name`: `nofile`, `soft`: 1024, `hard`: 2048}, "
	  "{`Name`: `core`, `Soft`: 0}, {`name`: `nproc`, `hard`: 10}, "
	  "{`name`: `stack`}]}", 0,
	    "run --rm --ulimit=nofile=1024:2048 --ulimit=core=0 "
	    "--ulimit=nproc=0:10 --ulimit=stack=0:0 alpine", NULL, NULL,
	    NULL },
	{ "{`ulimits`: [{`soft`: 1}]}", 0, "run --rm alpine", NULL, NULL,
	    "E@ulimits: 'ulimits[0]' needs a 'name'" },
	{ "{`ulimits`: [{`name`: `nofile`, `soft`: `1`}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@ulimits: invalid type for 'ulimits[0].soft': expected integer, "
	    "found string" },
	{ "{`ulimits`: [{`NAME`: `nofile`}]}", 0, "run --rm alpine", NULL,
	    NULL,
	    "W@ulimits: ignoring unknown key 'NAME' in 'ulimits[0]'\n"
	    "E@ulimits: 'ulimits[0]' needs a 'name'" },
	{ "{`ulimits`: {`nofile`: 1}}", 0, "run --rm alpine", NULL, NULL,
	    "E@ulimits: invalid type for 'ulimits': expected list, found map" },
	{ "{`device_requests`: [{`count`: -1, `capabilities`: [[`gpu`]]}]}",
	    0, "run --rm --gpus=count=all,capabilities=gpu alpine", NULL, NULL,
	    NULL },
	{ "{`device_requests`: [{`Driver`: `nvidia`, `DeviceIDs`: [`0`, `1`], "
	  "`Capabilities`: [[`gpu`, `utility`]]}]}", 0,
	    "run --rm '--gpus=driver=nvidia,\"device=0,1\","
	    "\"capabilities=gpu,utility\"' alpine", NULL, NULL, NULL },
	{ "{`device_requests`: [{}]}", 0, "run --rm --gpus=count=0 alpine",
	    NULL, NULL, NULL },
	{ "{`device_requests`: [{`count`: 2, `options`: {`a`: `1`, "
	  "`b`: `x,y`}}]}", 0,
	    "run --rm '--gpus=count=2,\"options=a=1,\"\"b=x,y\"\"\"' alpine",
	    NULL, NULL, NULL },
	{ "{`device_requests`: [{`capabilities`: [[`a`], [`b`]]}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@device_requests: invalid value for "
	    "'device_requests[0].capabilities': the docker CLI can express one "
	    "capability set only" },
	{ "{`device_requests`: [{`count`: 1, `device_ids`: [`0`]}]}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@device_requests: 'device_requests[0]' cannot have both 'count' "
	    "and 'device_ids'" },
	{ "{`device_requests`: [{`driver`: `cdi`, "
	  "`device_ids`: [`nvidia.com/gpu=all`]}]}", 0,
	    "run --rm --device=nvidia.com/gpu=all alpine", NULL, NULL, NULL },
	{ "{`device_requests`: [{`driver`: `cdi`}]}", 0, "run --rm alpine",
	    NULL, NULL,
	    "E@device_requests: 'device_requests[0]' with driver \"cdi\" needs "
	    "'device_ids'" },
	{ "{`device_requests`: [{`count`: 1.5}]}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@device_requests: invalid type for 'device_requests[0].count': "
	    "expected integer, found number 1.5" },
	{ "{`device_requests`: {`count`: 1}}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@device_requests: invalid type for 'device_requests': expected "
	    "list, found map" },
	{ "{`device_requests`: [{`count`: -1}]}", T_PODMAN,
	    "run --rm --gpus=all alpine", NULL, NULL, NULL },
	{ "{`device_requests`: [{`device_ids`: [`0`, `1`]}]}", T_PODMAN,
	    "run --rm --gpus=0,1 alpine", NULL, NULL, NULL },
	{ "{`device_requests`: [{`count`: 2}]}", T_PODMAN, "run --rm alpine",
	    NULL, NULL,
	    "E@device_requests: 'device_requests[0]': 'podman' takes count = "
	    "-1 (all) or device_ids only" },
	{ "{`device_requests`: [{`count`: -1, `driver`: `nvidia`}]}", T_PODMAN,
	    "run --rm alpine", NULL, NULL,
	    "E@device_requests: 'device_requests[0]': 'podman' supports "
	    "neither driver, capabilities nor options in --gpus" },
};

/* healthcheck and log_config. */
static const struct tcase health_log_cases[] = {
	{ "{`healthcheck`: {`test`: `curl -f http://localhost/`, "
	  "`interval`: 30000000000, `timeout`: 5000000000, `retries`: 3, "
	  "`start_period`: 1000000000}}", 0,
	    "run --rm '--health-cmd=curl -f http://localhost/' "
	    "--health-interval=30000000000ns --health-timeout=5000000000ns "
	    "--health-start-period=1000000000ns --health-retries=3 alpine",
	    NULL, NULL, NULL },
	{ "{`healthcheck`: {`Test`: [`CMD-SHELL`, `exit 0`], "
	  "`StartPeriod`: 2000000}}", 0,
	    "run --rm '--health-cmd=exit 0' --health-start-period=2000000ns "
	    "alpine", NULL, NULL, NULL },
	{ "{`healthcheck`: {`test`: [`NONE`], `interval`: 5}}", 0,
	    "run --rm --no-healthcheck alpine", NULL, NULL, NULL },
	{ "{`healthcheck`: {`test`: [`CMD`, `curl`, `-f`, `http://x y`]}}", 0,
	    "run --rm '--health-cmd=curl -f '\\''http://x y'\\''' alpine",
	    NULL, NULL,
	    "W@healthcheck: 'healthcheck.test' runs through /bin/sh in the "
	    "container: the docker CLI has no exec form for --health-cmd" },
	{ "{`healthcheck`: {`test`: [`CMD`, `curl`, `-f`, `http://x y`]}}",
	    T_PODMAN,
	    "run --rm '--health-cmd=[\"curl\",\"-f\",\"http://x y\"]' alpine",
	    NULL, NULL, NULL },
	{ "{`healthcheck`: {`test`: [`BAD`]}}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@healthcheck: invalid value for 'healthcheck.test': expected "
	    "[\"CMD\", command...], [\"CMD-SHELL\", command] or [\"NONE\"]" },
	{ "{`healthcheck`: {`test`: [`CMD-SHELL`, `a`, `b`]}}", 0,
	    "run --rm alpine", NULL, NULL,
	    "E@healthcheck: invalid value for 'healthcheck.test': expected "
	    "[\"CMD\", command...], [\"CMD-SHELL\", command] or [\"NONE\"]" },
	{ "{`healthcheck`: {`test`: [], `interval`: 1000000}}", 0,
	    "run --rm --health-interval=1000000ns alpine", NULL, NULL, NULL },
	{ "{`healthcheck`: {`test`: ``, `retries`: 0, `timeout`: 0}}", 0,
	    "run --rm alpine", NULL, NULL, NULL },
	{ "{`healthcheck`: {`interval`: 5}}", 0, "run --rm alpine", NULL, NULL,
	    "E@healthcheck: invalid value for 'healthcheck.interval': 5 (a "
	    "duration in nanoseconds: 0 or at least 1000000, one "
	    "millisecond)" },
	{ "{`healthcheck`: {`timeout`: -1000000}}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@healthcheck: invalid value for 'healthcheck.timeout': -1000000 "
	    "(a duration in nanoseconds: 0 or at least 1000000, one "
	    "millisecond)" },
	{ "{`healthcheck`: {`interval`: 1.5}}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@healthcheck: invalid type for 'healthcheck.interval': expected "
	    "integer, found number 1.5" },
	{ "{`healthcheck`: {`interval`: `30s`}}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@healthcheck: invalid type for 'healthcheck.interval': expected "
	    "integer, found string" },
	{ "{`healthcheck`: {`retries`: -1}}", 0, "run --rm alpine", NULL, NULL,
	    "E@healthcheck: invalid value for 'healthcheck.retries': -1" },
	{ "{`healthcheck`: {`test`: 5}}", 0, "run --rm alpine", NULL, NULL,
	    "E@healthcheck: invalid type for 'healthcheck.test': expected "
	    "string or list, found number 5" },
	{ "{`healthcheck`: `curl x`}", 0, "run --rm alpine", NULL, NULL,
	    "E@healthcheck: invalid type for 'healthcheck': expected map, "
	    "found string" },
	{ "{`healthcheck`: {`test`: `x`, `Interval`: 1000000, "
	  "`interval`: 2000000}}", 0,
	    "run --rm --health-cmd=x --health-interval=2000000ns alpine", NULL,
	    NULL, NULL },
	{ "{`healthcheck`: {`test`: `x`, `period`: 1}}", 0,
	    "run --rm --health-cmd=x alpine", NULL, NULL,
	    "W@healthcheck: ignoring unknown key 'period' in 'healthcheck'" },
	{ "{`healthcheck`: {`test`: `x`, `interval`: " UNK("var.i") "}}", 0,
	    "run --rm --health-cmd=x '--health-interval=${var.i}' alpine", NULL,
	    "rm stdout unknown", NULL },
	{ "{`log_config`: {`type`: `json-file`, `config`: {`max-size`: `10m`, "
	  "`max-file`: `3`}}}", 0,
	    "run --rm --log-driver=json-file --log-opt=max-file=3 "
	    "--log-opt=max-size=10m alpine", NULL, NULL, NULL },
	{ "{`log_config`: {`Type`: `syslog`}}", 0,
	    "run --rm --log-driver=syslog alpine", NULL, NULL, NULL },
	{ "{`log_config`: {`Config`: {`tag`: `x`}}}", 0,
	    "run --rm --log-opt=tag=x alpine", NULL, NULL, NULL },
	{ "{`log_config`: {`Type`: `none`, `Config`: {`a`: `b`}}}", 0,
	    "run --rm --log-driver=none --log-opt=a=b alpine", NULL, NULL,
	    "E@log_config: 'log_config.config' cannot be used with log driver "
	    "\"none\"" },
	{ "{`log_config`: {`config`: {`a`: 1}}}", 0, "run --rm alpine", NULL,
	    NULL,
	    "E@log_config: invalid type for 'log_config.config.a': expected "
	    "string, found number 1" },
	{ "{`log_config`: {`config`: [`a`]}}", 0, "run --rm alpine", NULL, NULL,
	    "E@log_config: invalid type for 'log_config.config': expected map, "
	    "found list" },
	{ "{`log_config`: `json-file`}", 0, "run --rm alpine", NULL, NULL,
	    "E@log_config: invalid type for 'log_config': expected map, found "
	    "string" },
	{ "{`log_config`: {`type`: `syslog`}}", T_PODMAN, "run --rm alpine",
	    NULL, NULL,
	    "E@log_config: log driver 'syslog' is not supported by 'podman'" },
	{ "{`log_config`: {`type`: `json-file`, `config`: {`max-file`: `3`, "
	  "`tag`: `t`}}}", T_PODMAN,
	    "run --rm --log-driver=json-file --log-opt=tag=t alpine", NULL,
	    NULL,
	    "E@log_config: log option 'max-file' is not supported by "
	    "'podman'" },
};

#define CASE_TEST(group) \
	static void test_##group(void **state) \
	{ \
		(void)state; \
		RUN(group##_cases); \
	}

CASE_TEST(general)
CASE_TEST(scalar)
CASE_TEST(reject)
CASE_TEST(bytes)
CASE_TEST(list)
CASE_TEST(command)
CASE_TEST(env)
CASE_TEST(port)
CASE_TEST(volume)
CASE_TEST(device)
CASE_TEST(health_log)

#define CASE_TESTS \
	cmocka_unit_test(test_general), \
	cmocka_unit_test(test_scalar), \
	cmocka_unit_test(test_reject), \
	cmocka_unit_test(test_bytes), \
	cmocka_unit_test(test_list), \
	cmocka_unit_test(test_command), \
	cmocka_unit_test(test_env), \
	cmocka_unit_test(test_port), \
	cmocka_unit_test(test_volume), \
	cmocka_unit_test(test_device), \
	cmocka_unit_test(test_health_log),
