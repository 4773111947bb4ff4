#!/bin/sh
# A swarm engine: a single-node Swarm initialised inside a private engine
# of this test's own (scripts/engine start --name), running the docs'
# examples as one-shot Swarm jobs with the documented results; a failed
# job's exit status; arguments a service cannot express, rejected before
# the run; a timeout that removes the service and kills its container.
# No engine is a failure.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER DOCKER_CONTEXT
EX=$top_srcdir/examples
ENGINE=$top_srcdir/scripts/engine
NAME=rf-t0951
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"

stop_engine() {
	"$ENGINE" stop --name "$NAME" >/dev/null 2>&1
}
trap stop_engine EXIT

if ! out=$("$ENGINE" start --name "$NAME" 2>&1); then
	plan 1
	tap_result 1 "a private engine starts (scripts/engine start --name $NAME)"
	diag "$out" "this test needs dockerd (Debian: docker.io) and root:" \
	    "    $ENGINE start --name $NAME"
	exit 1
fi
DOCKER_HOST=$("$ENGINE" env --name "$NAME" | sed -n 's/^DOCKER_HOST=//p')
export DOCKER_HOST
if ! out=$(docker swarm init --advertise-addr 127.0.0.1 2>&1) &&
    ! docker info --format '{{.Swarm.LocalNodeState}}' | grep -qx active; then
	plan 1
	tap_result 1 "docker swarm init inside engine $NAME"
	diag "$out"
	exit 1
fi
plan 17

cat >swarm.ini <<EOF
[engine "sw"]
host = $DOCKER_HOST
kind = swarm
slots = 2
EOF

# rf ARGS...: runflow run on the swarm engine, the log in err.txt.
rf() {
	timeout 120 "$RUNFLOW" run --config="$TAP_TMP/swarm.ini" --engine sw \
	    --log-level=debug "$@" 2>err.txt
}

# left: the services and the containers the runs left behind.
left() {
	echo "$(docker service ls -q | wc -l | tr -d ' ')" \
	    "$(docker ps -aq | wc -l | tr -d ' ')"
}

rf "$EX/docker-hello-world.hcl" --var out="$TAP_TMP/hello.txt"
is "$?" 0 "hello world: runflow exits 0"
is "$(cat hello.txt)" "hello world" "hello world: the output file"
ok "grep -q 'Task \"echo\" runs on engine \"sw\"' err.txt" \
    "hello world: the log names the engine"
is "$(left)" "0 0" "hello world: the service and its container are removed"

rf "$EX/docker-env.hcl" --var out="$TAP_TMP/env.txt"
is "$?" 0 "env: runflow exits 0"
ok "grep -qx 'greeter=world' env.txt && grep -q '^PATH=' env.txt" \
    "env: greeter=world and the image's own variables"

rf "$EX/docker-entrypoint.hcl" --var out="$TAP_TMP/ep.txt"
is "$?" 0 "entrypoint: runflow exits 0"
is "$(cat ep.txt)" "runflow is awesome" "entrypoint: the output file"

rf "$EX/docker-failed-run.hcl"
is "$?" 1 "failed run: runflow exits 1"
ok "grep -qxF \"    Command \\\"/bin/bash -c 'exit 1'\\\" in image 'ubuntu:latest' on engine 'sw' returned non-zero exit status 1\" err.txt" \
    "failed run: the message with status 1 and the engine"

cat >status.hcl <<'EOF'
flow "status" {
  task "docker_run" "seven" {
    image       = "ubuntu:latest"
    command     = ["/bin/bash", "-c", "echo out; echo \"err $X\" >&2; cd /w && touch f && exit 7"]
    environment = { X = "x" }
    working_dir = "/w"
    tmpfs       = ["/w"]
    user        = "0"
  }
}
EOF
rf status.hcl
is "$?" 1 "failed job: runflow exits 1"
ok "grep -q \"on engine 'sw' returned non-zero exit status 7\" err.txt && grep -qx '    err x' err.txt" \
    "failed job: its exit status and its stderr (environment, tmpfs, workdir)"
is "$(left)" "0 0" "failed job: the service and its container are removed"

cat >bad.hcl <<'EOF'
flow "bad" {
  task "docker_run" "priv" {
    image      = "ubuntu:latest"
    command    = "true"
    privileged = true
    pid_mode   = "host"
  }
}
EOF
rf bad.hcl
is "$?" 2 "rejected: runflow exits 2 before the run"
ok "grep -q \"argument 'privileged' cannot run on swarm engine 'sw'\" err.txt && grep -q \"argument 'pid_mode' cannot run on swarm engine 'sw'\" err.txt" \
    "rejected: each argument and the engine are named"

cat >slow.hcl <<'EOF'
flow "slow" {
  task "docker_run" "sleepy" {
    image    = "ubuntu:latest"
    command  = "sleep 60"
    _timeout = 3
  }
}
EOF
rf slow.hcl
is "$?" 1 "timeout: runflow exits 1"
is "$(left)" "0 0" "timeout: the service and its container are gone"
