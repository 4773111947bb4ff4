#!/bin/sh
# Fault: the container is killed by the kernel's OOM killer.  A command
# that holds 100 MiB in memory under mem_limit = "8m" fails with exit
# status 137 in the message; the same command with room to spare succeeds
# and hands its exact output on, so the limit is what killed it.  Needs
# the test engine (scripts/engine).
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

require_engine
plan 9

# busybox tail keeps a line in memory until its end: 100 MiB of zeros
# without a newline must all be held at once.  The OOM killer picks tail,
# and pipefail makes the shell exit 128 + 9 with it.
cat >flow.hcl <<'HCL'
flow "oom" {
  task "docker_run" "small" {
    image     = "runflow-test/base:latest"
    command   = ["sh", "-c", "set -o pipefail; head -c 100m /dev/zero | tail | wc -c"]
    mem_limit = "8m"
  }
  task "bash_run" "after_small" {
    command = "echo ${task.docker_run.small.stdout}"
  }
  task "docker_run" "roomy" {
    image     = "runflow-test/base:latest"
    command   = ["sh", "-c", "set -o pipefail; head -c 100m /dev/zero | tail | wc -c"]
    mem_limit = "1g"
  }
  task "bash_run" "after_roomy" {
    command = "echo roomy counted ${task.docker_run.roomy.stdout}"
  }
}
HCL
timeout 300 "$RUNFLOW" run --config=empty.ini --log-level=debug -j 4 \
    flow.hcl >out 2>err
rc=$?
rid=$(sed -n 's/.*Run \([^ ]*\) of flow.*/\1/p' err)
is "$rc" 1 "runflow exits 1"
is "$(grep -A1 'Task "small" is failed\.' err | tail -n 1)" \
    "    Command \"[\"sh\", \"-c\", \"set -o pipefail; head -c 100m /dev/zero | tail | wc -c\"]\" in image 'runflow-test/base:latest' returned non-zero exit status 137" \
    "the failure reports the exit status 137 of the killed command"
like "$(cat err)" 'Task "after_small" is canceled\.' "its dependent is canceled"
like "$(cat err)" 'Task "roomy" is successful\.' "with 1g the same command succeeds"
is "$(cat out)" "roomy counted 104857600" "and counts all 104857600 bytes"
like "$(tail -n 1 err)" '2 succeeded, 1 failed, 1 canceled in ' "the summary counts them"
ok "[ -n '$rid' ] && [ \$(docker ps -aq --filter 'label=runflow.run=$rid' | wc -l) -eq 0 ]" \
    "no container labelled runflow.run=$rid is left"

# The kernel's own account: docker inspect of a kept container says
# OOMKilled, which is what runflow saw as 137.
cid=$(timeout 120 docker run -d --memory=8m runflow-test/base:latest \
    sh -c 'head -c 100m /dev/zero | tail' 2>&1)
timeout 120 docker wait "$cid" >code 2>&1
is "$(cat code)" 137 "the container itself exits 137"
is "$(docker inspect --format '{{.State.OOMKilled}}' "$cid" 2>&1)" true \
    "docker records it as OOMKilled"
docker rm -f "$cid" >/dev/null 2>&1
done_testing
