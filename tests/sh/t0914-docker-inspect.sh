#!/bin/sh
# Each docker_run argument the test engine can honour reaches the
# container: one task per argument with remove = false, then `docker
# inspect` reads the Config / HostConfig field that docker-run-mapping.md
# names for it.  Needs the test engine (scripts/engine).
#
# Not checked here, and why:
#   auto_remove          the container is gone before inspect (--rm)
#   detach, init_path, stream
#                        rejected before anything runs (unit tests)
#   stdout, stderr       select the result, no container field
#   version, lxc_conf, kernel_memory, cpu_count, cpu_percent
#                        dropped with a warning: no flag to check
#   use_config_proxy     acts on the CLI's configuration, not a field
#   mac_address          the CLI 28 refuses it against API 1.41
#   links                needs a second, running container
#   volumes_from         needs a second container
#   device_requests      no GPU here
#   devices, device_read_bps/iops, device_write_bps/iops, blkio_weight_device
#                        need a block device the engine may use
#   cpu_rt_period, cpu_rt_runtime
#                        need a kernel with CONFIG_RT_GROUP_SCHED
#   blkio_weight, mem_swappiness, oom_kill_disable
#                        discarded by the engine on cgroup v2 hosts
#   storage_opt          needs overlay2 on xfs with pquota
#   volume_driver        needs a volume plugin
#   isolation            Windows only
#   platform             used to pick the image; the image is local
#   cgroup_parent        depends on the engine's cgroup driver
#   privileged           this engine runs without the capabilities it needs
#   restart_policy       only {Name = "no"} is allowed; checked below
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

require_engine

# name <TAB> HCL attributes <TAB> inspect template <TAB> expected (= exact,
# ~ contained, & each of its ;-separated parts contained, in any order: the
# engine does not keep the order of the environment).  The command defaults
# to "true".
cat >table.tsv <<'EOF'
command	command = "echo a 'b c'"	{{json .Config.Cmd}}	=["echo","a","b c"]
command_list	command = ["echo", "x"]	{{json .Config.Cmd}}	=["echo","x"]
entrypoint	entrypoint = ["/bin/sh", "-c"]<NL>command = ["true"]	{{json .Config.Entrypoint}} {{json .Config.Cmd}}	=["/bin/sh"] ["-c","true"]
entrypoint_str	entrypoint = "/bin/true"	{{json .Config.Entrypoint}}	=["/bin/true"]
environment	environment = { RF_A = "x y=z\n\"q\"" }	{{json .Config.Env}}	~"RF_A=x y=z\n\"q\""
environment_list	environment = ["RF_B=1", "RF_C=two"]	{{json .Config.Env}}	&"RF_B=1";"RF_C=two"
working_dir	working_dir = "/tmp"	{{.Config.WorkingDir}}	=/tmp
user	user = 1000	{{.Config.User}}	=1000
hostname	hostname = "h1"	{{.Config.Hostname}}	=h1
domainname	domainname = "example.org"	{{.Config.Domainname}}	=example.org
labels	labels = { "org.x" = "b c" }	{{index .Config.Labels "org.x"}}	=b c
labels_list	labels = ["org.y"]	{{json (index .Config.Labels "org.y")}}	=""
tty	tty = true	{{.Config.Tty}}	=true
stdin_open	stdin_open = true	{{.Config.OpenStdin}}	=true
stop_signal	stop_signal = "SIGINT"	{{.Config.StopSignal}}	=SIGINT
healthcheck	healthcheck = { test = ["CMD-SHELL", "true"], interval = 30000000000, retries = 3 }	{{json .Config.Healthcheck}}	={"Test":["CMD-SHELL","true"],"Interval":30000000000,"Retries":3}
healthcheck_none	healthcheck = { test = ["NONE"] }	{{json .Config.Healthcheck.Test}}	=["NONE"]
mem_limit	mem_limit = "128m"	{{.HostConfig.Memory}}	=134217728
memswap_limit	mem_limit = 134217728<NL>memswap_limit = "256m"	{{.HostConfig.MemorySwap}}	=268435456
mem_reservation	mem_reservation = "64m"	{{.HostConfig.MemoryReservation}}	=67108864
shm_size	shm_size = "32m"	{{.HostConfig.ShmSize}}	=33554432
cap_add	cap_add = ["NET_ADMIN"]	{{json .HostConfig.CapAdd}}	=["CAP_NET_ADMIN"]
cap_drop	cap_drop = "MKNOD"	{{json .HostConfig.CapDrop}}	=["CAP_MKNOD"]
cpu_shares	cpu_shares = 512	{{.HostConfig.CpuShares}}	=512
cpu_period	cpu_period = 100000<NL>cpu_quota = 50000	{{.HostConfig.CpuPeriod}} {{.HostConfig.CpuQuota}}	=100000 50000
nano_cpus	nano_cpus = 1500000000	{{.HostConfig.NanoCpus}}	=1500000000
cpuset_cpus	cpuset_cpus = "0"	{{.HostConfig.CpusetCpus}}	=0
cpuset_mems	cpuset_mems = "0"	{{.HostConfig.CpusetMems}}	=0
pids_limit	pids_limit = 100	{{.HostConfig.PidsLimit}}	=100
oom_score_adj	oom_score_adj = 100	{{.HostConfig.OomScoreAdj}}	=100
read_only	read_only = true	{{.HostConfig.ReadonlyRootfs}}	=true
init	init = true	{{.HostConfig.Init}}	=true
init_false	init = false	{{.HostConfig.Init}}	=false
dns	dns = ["192.0.2.1"]	{{json .HostConfig.Dns}}	=["192.0.2.1"]
dns_search	dns_search = ["example.com"]	{{json .HostConfig.DnsSearch}}	=["example.com"]
dns_opt	dns_opt = ["ndots:2"]	{{json .HostConfig.DnsOptions}}	=["ndots:2"]
extra_hosts	extra_hosts = { h1 = "192.0.2.2" }	{{json .HostConfig.ExtraHosts}}	=["h1:192.0.2.2"]
group_add	group_add = [1234, "5678"]	{{json .HostConfig.GroupAdd}}	=["1234","5678"]
sysctls	sysctls = { "net.ipv4.ip_forward" = 1 }	{{json .HostConfig.Sysctls}}	={"net.ipv4.ip_forward":"1"}
tmpfs	tmpfs = { "/mnt/t" = "size=1m" }	{{json .HostConfig.Tmpfs}}	={"/mnt/t":"size=1m"}
ulimits	ulimits = [{ Name = "nofile", Soft = 1024, Hard = 2048 }]	{{json .HostConfig.Ulimits}}	=[{"Name":"nofile","Hard":2048,"Soft":1024}]
log_config	log_config = { Type = "json-file", Config = { "max-size" = "1m" } }	{{json .HostConfig.LogConfig}}	={"Type":"json-file","Config":{"max-size":"1m"}}
network_mode	network_mode = "none"	{{.HostConfig.NetworkMode}}	=none
network_disabled	network_disabled = true	{{.HostConfig.NetworkMode}}	=none
network	network = "bridge"	{{.HostConfig.NetworkMode}}	=bridge
pid_mode	pid_mode = "host"	{{.HostConfig.PidMode}}	=host
ipc_mode	ipc_mode = "private"	{{.HostConfig.IpcMode}}	=private
uts_mode	uts_mode = "host"	{{.HostConfig.UTSMode}}	=host
userns_mode	userns_mode = "host"	{{.HostConfig.UsernsMode}}	=host
security_opt	security_opt = ["no-new-privileges"]	{{json .HostConfig.SecurityOpt}}	=["no-new-privileges"]
volumes	volumes = { "/tmp" = { bind = "/mnt/v", mode = "ro" } }	{{json .HostConfig.Binds}}	=["/tmp:/mnt/v:ro"]
volumes_list	volumes = ["/tmp:/mnt/w"]	{{json .HostConfig.Binds}}	=["/tmp:/mnt/w"]
mounts	mounts = [{ Type = "tmpfs", Target = "/mnt/m", TmpfsOptions = { SizeBytes = 1048576, Mode = 1023 } }]	{{json .HostConfig.Mounts}}	=[{"Type":"tmpfs","Target":"/mnt/m","TmpfsOptions":{"SizeBytes":1048576,"Mode":1023}}]
ports	ports = { "80/tcp" = 8080 }	{{json .HostConfig.PortBindings}}	={"80/tcp":[{"HostIp":"","HostPort":"8080"}]}
ports_ip	ports = { "81/udp" = { HostIp = "127.0.0.1", HostPort = 8081 } }	{{json .HostConfig.PortBindings}}	={"81/udp":[{"HostIp":"127.0.0.1","HostPort":"8081"}]}
publish_all_ports	publish_all_ports = true	{{.HostConfig.PublishAllPorts}}	=true
device_cgroup_rules	device_cgroup_rules = ["c 1:3 mr"]	{{json .HostConfig.DeviceCgroupRules}}	=["c 1:3 mr"]
runtime	runtime = "runc"	{{.HostConfig.Runtime}}	=runc
restart_policy	restart_policy = { Name = "no" }	{{.HostConfig.RestartPolicy.Name}}	=no
name	name = "rf-inspect-NAME"	{{.Name}}	=/rf-inspect-NAME
EOF

# Unique container names per run of this test.
suffix=$$
sed -i "s/NAME/$suffix/g" table.tsv

{
	echo 'flow "inspect" {'
	while IFS='	' read -r name hcl tmpl want; do
		echo "  task \"docker_run\" \"$name\" {"
		echo '    image  = "runflow-test/base:latest"'
		echo '    remove = false'
		case $hcl in
		*command\ =*) ;;
		*) echo '    command = "true"' ;;
		esac
		printf '%s\n' "$hcl" | sed 's/<NL>/\n/g; s/^/    /'
		echo '  }'
	done <table.tsv
	echo '}'
} >inspect.hcl

rows=$(wc -l <table.tsv | tr -d ' ')
plan $((rows + 2))
timeout 300 "$RUNFLOW" run --config="$TAP_TMP/empty.ini" --log-level=debug \
    -j 8 inspect.hcl 2>err.txt
is "$?" 0 "every task ran (runflow exits 0)"
[ "$(grep -c 'is failed' err.txt)" = 0 ] || diag "$(grep -A3 'is failed' err.txt)"
rid=$(sed -n 's/.*Run \([^ ]*\) of flow.*/\1/p' err.txt)

while IFS='	' read -r name hcl tmpl want; do
	id=$(docker ps -aq --no-trunc --filter "label=runflow.run=$rid" \
	    --filter "label=runflow.task=task.docker_run.$name")
	if [ -z "$rid" ] || [ -z "$id" ]; then
		tap_result 1 "$name: a container was kept"
		continue
	fi
	got=$(docker inspect -f "$tmpl" "$id" 2>&1)
	case $want in
	=*)
		is "$got" "${want#=}" "$name: $tmpl" ;;
	~*)
		case $got in
		*"${want#\~}"*) tap_result 0 "$name: $tmpl holds the value" ;;
		*)
			tap_result 1 "$name: $tmpl holds the value"
			diag "want: ${want#\~}" "got: $got" ;;
		esac ;;
	\&*)
		missing=
		set -f
		oldifs=$IFS
		IFS=';'
		for part in ${want#&}; do
			case $got in
			*"$part"*) ;;
			*) missing="$missing $part" ;;
			esac
		done
		IFS=$oldifs
		set +f
		if [ -z "$missing" ]; then
			tap_result 0 "$name: $tmpl holds the values"
		else
			tap_result 1 "$name: $tmpl holds the values"
			diag "missing:$missing" "got: $got"
		fi ;;
	esac
done <table.tsv

if [ -n "$rid" ]; then
	docker ps -aq --filter "label=runflow.run=$rid" | xargs -r docker rm -f >/dev/null
fi
is "${rid:+$(docker ps -aq --filter "label=runflow.run=$rid" | wc -l | tr -d ' ')}" 0 \
    "the kept containers are removed again"
