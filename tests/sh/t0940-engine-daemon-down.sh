#!/bin/sh
# Fault: the Docker daemon goes away during a run.  A private engine of
# this test's own (scripts/engine start --name faults-PID) runs two
# sleeping containers; then its dockerd is killed, is missing, is frozen,
# or is stopped.  Each time the tasks fail with docker's words, the
# dependent task is canceled, runflow exits 1 in bounded time and no
# docker CLI it started is left; what may still run is named with the
# command that removes it.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"

engine=faults-$$
state=/var/tmp/runflow-engine/$engine
dockerd=
cleanup() {
	[ -z "$dockerd" ] || kill -s CONT "$dockerd" 2>/dev/null
	"$top_srcdir/scripts/engine" stop --name "$engine" >/dev/null 2>&1
	rm -rf "$state" "$TAP_TMP"
}
trap cleanup EXIT

# engine_start: start the private engine, point DOCKER_HOST at it and set
# dockerd to its pid.
engine_start() {
	"$top_srcdir/scripts/engine" start --name "$engine" >engine.log 2>&1 ||
		return 1
	export "$("$top_srcdir/scripts/engine" env --name "$engine")"
	dockerd=$(cat "$state/dockerd.pid")
}
if ! engine_start; then
	plan 1
	tap_result 1 "a private engine starts (scripts/engine start --name $engine)"
	diag "$(cat engine.log)" \
	    "this test runs a Docker engine of its own: it needs root, dockerd," \
	    "busybox-static and bash-static (scripts/setup), as the test engine does:" \
	    "    $top_srcdir/scripts/engine start" \
	    "    export \$($top_srcdir/scripts/engine env)"
	exit 1
fi
plan 25

printf '[run]\nkill_grace = 1\n[docker]\ncleanup_timeout = 10\n' >config.ini
# flow FILE [TIMEOUT]: two containers sleeping 60 s and a dependent task.
flow() {
	{
		echo 'flow "down" {'
		for t in a b; do
			echo "  task \"docker_run\" \"$t\" {"
			echo '    image   = "runflow-test/base:latest"'
			echo '    command = ["sleep", "60"]'
			[ -z "$2" ] || echo "    _timeout = $2"
			echo '  }'
		done
		echo '  task "bash_run" "after" {'
		echo '    command = "echo ${task.docker_run.a.stdout}"'
		echo '  }'
		echo '}'
	} >"$1"
}
flow down.hcl
flow frozen.hcl 4

# start FLOW: run runflow in the background; set pid and rid (the run id)
# once both containers run.
start() {
	rm -f err
	"$RUNFLOW" run --config=config.ini --log-level=debug -j 4 "$1" \
	    >out 2>err &
	pid=$!
	n=0
	rid=
	while [ $n -lt 300 ]; do
		rid=$(sed -n 's/.*Run \([^ ]*\) of flow.*/\1/p' err)
		if [ -n "$rid" ] && [ "$(docker ps -q --filter "label=runflow.run=$rid" \
		    --filter status=running 2>/dev/null | wc -l)" -eq 2 ]; then
			return 0
		fi
		sleep 0.1
		n=$((n + 1))
	done
	diag "the containers did not start:" "$(cat err)"
	return 1
}

# finish LIMIT: wait at most LIMIT seconds for runflow; set rc (or
# "still running") and took.
finish() {
	t0=$(date +%s)
	n=0
	while kill -0 "$pid" 2>/dev/null && [ $n -lt $(($1 * 10)) ]; do
		sleep 0.1
		n=$((n + 1))
	done
	took=$(($(date +%s) - t0))
	if kill -0 "$pid" 2>/dev/null; then
		rc="still running"
		return 1
	fi
	wait "$pid"
	rc=$?
}

# clis_left: docker CLIs of run rid still alive.
clis_left() {
	pgrep -f "label=runflow.run=$rid" 2>/dev/null | tr '\n' ' '
}

# 1-7: dockerd dies (SIGKILL) while the containers run.
start down.hcl
kill -s KILL "$dockerd"
finish 60
is "$rc" 1 "daemon killed: runflow exits 1 (in $took s)"
is "$(grep -c 'Task "[ab]" is failed\.' err)" 2 "daemon killed: both tasks failed"
is "$(grep -c "^    docker could not run the container of image 'runflow-test/base:latest' (exit status 125)$" err)" 2 \
    "daemon killed: the reason names the image and docker's status 125"
is "$(grep -c 'error waiting for container: unexpected EOF' err)" 2 \
    "daemon killed: docker's own words follow"
is "$(grep -c "^    container [0-9a-f]\{12\} may still be running: once the daemon answers, remove it with 'docker rm -f [0-9a-f]\{12\}' or 'runflow cleanup --run $rid'\$" err)" 2 \
    "daemon killed: each container that may still run under containerd is named, with how to remove it"
like "$(cat err)" 'Task "after" is canceled\.' "daemon killed: the dependent task is canceled"
is "$(clis_left)" "" "daemon killed: no docker CLI is left"

# 8-11: no daemon answers at all.
start_t=$(date +%s)
timeout 60 "$RUNFLOW" run --config=config.ini -j 4 down.hcl >out 2>err
rc=$?
took=$(($(date +%s) - start_t))
is "$rc" 1 "daemon gone: runflow exits 1"
is "$(grep -cF "docker: Cannot connect to the Docker daemon at $DOCKER_HOST. Is the docker daemon running?" err)" 2 \
    "daemon gone: both tasks quote docker's words"
like "$(cat err)" 'Task "after" is canceled\.' "daemon gone: the dependent task is canceled"
ok "[ $took -lt 20 ]" "daemon gone: over in $took s"

# 12-19: dockerd freezes (SIGSTOP): its socket accepts and never answers.
# The tasks' _timeout of 4 s fires and docker kill gets no answer; after
# its limit (10 s here: [docker] cleanup_timeout) it is killed with a
# warning naming the container and the command that removes it, the CLIs
# are stopped, the end-of-run sweep skips the frozen daemon, and runflow
# exits 1 within 60 s while the daemon is still frozen.  A watchdog thaws
# it after 90 s so that the
# test ends either way.  Thawed, `runflow cleanup --run ID` leaves nothing
# labelled with the run.
# The killed dockerd left its containerd and container shims behind: stop
# cleans them up, as a person would after a crash, before the restart.
"$top_srcdir/scripts/engine" stop --name "$engine" >engine.log 2>&1
# On a loaded machine dockerd may give up waiting for its new containerd;
# one more try after a stop tells that apart from an engine that is broken.
if ! engine_start; then
	"$top_srcdir/scripts/engine" stop --name "$engine" >/dev/null 2>&1
	engine_start ||
		bail "the private engine did not start again: $(cat engine.log)"
fi
start frozen.hcl
kill -s STOP "$dockerd"
(sleep 90 && kill -s CONT "$dockerd") 2>/dev/null &
watchdog=$!
finish 60
frozen_rc=$rc
frozen_took=$took
frozen_clis=$(clis_left)
kill -s CONT "$dockerd"
kill "$watchdog" 2>/dev/null
wait "$watchdog" 2>/dev/null
[ "$frozen_rc" != "still running" ] || finish 90
is "$frozen_rc" 1 "daemon frozen: _timeout and the clean-up limit end the run (exit 1 in $frozen_took s)"
is "$(grep -c "^runflow: warning: task '[ab]': 'docker kill [0-9a-f]\{12\}' got no answer from the daemon in 10 s and was stopped; container [0-9a-f]\{12\} may still be running: once the daemon answers, remove it with 'docker rm -f [0-9a-f]\{12\}' or 'runflow cleanup --run $rid'\$" err)" 2 \
    "daemon frozen: a warning for each container names it and how to remove it"
is "$(grep -c "^runflow: warning: the daemon did not answer the clean-up of run '$rid': its containers were not looked for; once it answers, remove them with 'runflow cleanup --run $rid'\$" err)" 1 \
    "daemon frozen: the end-of-run sweep does not wait for the frozen daemon"
is "$(grep -c '^    timed out after 4 s$' err)" 2 "daemon frozen: both tasks timed out after 4 s"
like "$(cat err)" 'Task "after" is canceled\.' "daemon frozen: the dependent task is canceled"
is "$frozen_clis" "" "daemon frozen: no docker CLI is left, the daemon still frozen"
# The daemon may still be finishing the kills it was sent: give it a
# moment, then clean up as the warning says.
sleep 2
"$RUNFLOW" cleanup --run "$rid" >cleanup.out 2>cleanup.err
rc=$?
is "$rc" 0 "daemon thawed: runflow cleanup --run ID exits 0"
[ "$rc" = 0 ] || diag "$(cat cleanup.err)"
is "$(docker ps -aq --filter "label=runflow.run=$rid" | wc -l)" 0 \
    "daemon thawed: no container labelled runflow.run=$rid is left"

# 20-25: the engine is stopped (scripts/engine stop) mid-run: its
# containers are killed first, then the daemon ends.
start down.hcl
"$top_srcdir/scripts/engine" stop --name "$engine" >>engine.log 2>&1
dockerd=
finish 60
is "$rc" 1 "engine stopped: runflow exits 1 (in $took s)"
is "$(grep -c 'Task "[ab]" is failed\.' err)" 2 "engine stopped: both tasks failed"
is "$(grep -c "^    Command \"\[\"sleep\", \"60\"\]\" in image 'runflow-test/base:latest' returned non-zero exit status 137$" err)" 2 \
    "engine stopped: the containers were killed (status 137)"
like "$(cat err)" 'Task "after" is canceled\.' "engine stopped: the dependent task is canceled"
like "$(tail -n 1 err)" '0 succeeded, 2 failed, 1 canceled in ' "engine stopped: the summary counts them"
is "$(clis_left)" "" "engine stopped: no docker CLI is left"
done_testing
