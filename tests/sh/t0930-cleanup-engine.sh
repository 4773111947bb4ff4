#!/bin/sh
# runflow cleanup against the test engine: it removes the containers of
# one run, running or not, and leaves every other container alone; and it
# removes what a run killed with SIGKILL left behind.  Needs the test
# engine (scripts/engine).
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"

require_engine
plan 13

# Labels unique to this test run, so parallel runs do not meet.
tag=t0930-$$
mine=$tag-mine
other=$tag-other
kill_run=
# Whatever happens, leave no container of this test behind.
trap 'for l in $mine $other $kill_run; do
	ids=$(docker ps -aq --filter "label=runflow.run=$l")
	[ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
done
rm -rf "$TAP_TMP"' EXIT

# ids LABEL: the containers labelled runflow.run=LABEL, sorted.
ids() {
	docker ps -aq --no-trunc --filter "label=runflow.run=$1" | sort
}

# Two containers of the run (one running, one exited) and one of another.
docker run -d --label "runflow.run=$mine" ubuntu:latest sleep 60 >/dev/null
docker run --label "runflow.run=$mine" ubuntu:latest true >/dev/null
docker run -d --label "runflow.run=$other" ubuntu:latest sleep 60 >/dev/null
is "$(ids "$mine" | wc -l | tr -d ' ')" 2 "two containers of the run exist"
short=$(docker ps -aq --filter "label=runflow.run=$mine" | sort)

"$RUNFLOW" cleanup --run "$mine" >out 2>err
is "$?" 0 "cleanup --run exits 0"
is "$(sort out)" "$short" "it prints the two ids it removed"
is "$(cat err)" "" "nothing on stderr"
is "$(ids "$mine")" "" "no container of the run is left"
is "$(ids "$other" | wc -l | tr -d ' ')" 1 "the other run's container survives"
is "$(docker inspect -f '{{.State.Running}}' "$(ids "$other")")" true \
    "and still runs"

"$RUNFLOW" cleanup --run "$mine" >out 2>err
is "$?" 0 "a second cleanup exits 0"
is "$(cat err)" "runflow: no container of run '$mine' to remove" \
    "and says there was nothing to remove"

# A run killed with SIGKILL leaves its container running; cleanup removes it.
cat >flow.hcl <<'EOF'
flow "killed" {
  task "docker_run" "sleeper" {
    image   = "ubuntu:latest"
    command = ["sleep", "60"]
  }
}
EOF
"$RUNFLOW" run --log-level debug flow.hcl >run.out 2>run.err &
runner=$!
n=0
while ! grep -q 'Run .* of flow' run.err && [ $n -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill_run=$(sed -n 's/.*Run \([^ ]*\) of flow.*/\1/p' run.err)
n=0
while [ -z "$(docker ps -q --filter "label=runflow.run=$kill_run")" ] &&
    [ $n -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -KILL "$runner"
wait "$runner" 2>/dev/null
like "$kill_run" '^[0-9a-f]{12}$' "the run logged its id"
is "$(docker ps -q --filter "label=runflow.run=$kill_run" | wc -l | tr -d ' ')" 1 \
    "after SIGKILL its container still runs"
"$RUNFLOW" cleanup --run "$kill_run" >out 2>err
is "$?" 0 "cleanup of the killed run exits 0"
is "$(ids "$kill_run")" "" "and its container is gone"
done_testing
