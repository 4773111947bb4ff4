#!/bin/sh
# No orphans: after a timeout, SIGINT or SIGTERM with several containers
# running, no container labelled with the run's id is left, and runflow
# exits with 1, 130 or 143.  Needs the test engine (scripts/engine).
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

require_engine
plan 20

# flow FILE TIMEOUT: three independent containers sleeping 60 s.
flow() {
	{
		echo 'flow "orphans" {'
		for t in a b c; do
			echo "  task \"docker_run\" \"$t\" {"
			echo '    image   = "runflow-test/base:latest"'
			echo '    command = ["sleep", "60"]'
			[ -n "$2" ] && echo "    _timeout = $2"
			echo '  }'
		done
		echo '}'
	} >"$1"
}

# run_id: the id of the run logging to err.txt (waits for it).
run_id() {
	n=0
	while ! grep -q 'Run .* of flow' err.txt 2>/dev/null && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	sed -n 's/.*Run \([^ ]*\) of flow.*/\1/p' err.txt
}

# count RID [running]: containers of run RID (all, or running only).
count() {
	if [ -z "$1" ]; then
		echo "no run id"
	elif [ "$2" = running ]; then
		docker ps -q --filter "label=runflow.run=$1" | wc -l | tr -d ' '
	else
		docker ps -aq --filter "label=runflow.run=$1" | wc -l | tr -d ' '
	fi
}

# 1-4: _timeout on three running containers.
flow timeout.hcl 3
start=$(date +%s)
timeout 120 "$RUNFLOW" run --config="$TAP_TMP/empty.ini" --log-level=debug \
    -j 3 timeout.hcl 2>err.txt
rc=$?
took=$(($(date +%s) - start))
rid=$(run_id)
is "$rc" 1 "timeout: runflow exits 1"
is "$(grep -c '^    timed out after 3 s$' err.txt)" 3 \
    "timeout: three tasks timed out after 3 s"
is "$(count "$rid")" 0 "timeout: no container labelled runflow.run=$rid"
ok "[ $took -lt 40 ]" "timeout: the run ended in $took s"

# interrupt SIG STATUS: signal a run with three running containers.
interrupt() {
	flow sig.hcl ""
	rm -f err.txt
	env --default-signal=INT "$RUNFLOW" run --config="$TAP_TMP/empty.ini" \
	    --log-level=debug -j 3 sig.hcl 2>err.txt &
	pid=$!
	rid=$(run_id)
	n=0
	while [ "$(count "$rid" running)" != 3 ] && [ $n -lt 300 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	is "$(count "$rid" running)" 3 "$1: three containers running"
	kill -s "$1" "$pid"
	n=0
	while kill -0 "$pid" 2>/dev/null && [ $n -lt 600 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	wait "$pid"
	is "$?" "$2" "$1: runflow exits $2"
	is "$(count "$rid")" 0 "$1: no container labelled runflow.run=$rid"
	is "$(grep -c 'is canceled' err.txt)" 3 "$1: three tasks canceled"
	ok "[ $n -lt 300 ]" "$1: stopped within 30 s"
}

# 5-14
interrupt INT 130
interrupt TERM 143

# 15-20: SIGINT while the CLIs are still creating their containers: a
# create in flight when the CLI stops is finished by the daemon, and must
# still be removed.
flow early.hcl ""
for delay in 0.05 0.1 0.15; do
	rm -f err.txt
	env --default-signal=INT "$RUNFLOW" run --config="$TAP_TMP/empty.ini" \
	    --log-level=debug -j 3 early.hcl 2>err.txt &
	pid=$!
	sleep "$delay"
	kill -s INT "$pid"
	wait "$pid"
	is "$?" 130 "INT after $delay s: runflow exits 130"
	rid=$(run_id)
	is "$(count "$rid")" 0 "INT after $delay s: no container labelled runflow.run=$rid"
done
