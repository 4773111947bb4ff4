#!/bin/sh
# A pool of three private engines, each in its own network namespace
# (scripts/engine start --name), started and stopped by this test: a flow
# of 30 short tasks lands on all three, never more than an engine's slots
# at once (read from each engine's own events), pinned tasks land where
# pinned; an engine stopped mid-run fails only its tasks, and with _retry
# they move to the others.  No engine is a failure, never a skip.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER DOCKER_CONTEXT DOCKER_HOST
ENGINE=$top_srcdir/scripts/engine
NAMES="rf-t0950-a rf-t0950-b rf-t0950-c"
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"

stop_engines() {
	for n in $NAMES; do
		"$ENGINE" stop --name "$n" >/dev/null 2>&1
	done
}
trap stop_engines EXIT

for n in $NAMES; do
	if ! out=$("$ENGINE" start --name "$n" 2>&1); then
		plan 1
		tap_result 1 "private engine $n starts"
		diag "$out" "this test needs dockerd (Debian: docker.io) and root:" \
		    "    $ENGINE start --name $n"
		exit 1
	fi
done
plan 12

# host NAME: the DOCKER_HOST of engine NAME.
host() {
	"$ENGINE" env --name "$1" | sed -n 's/^DOCKER_HOST=//p'
}
{
	for n in $NAMES; do
		printf '[engine "%s"]\nhost = %s\nslots = 2\n\n' "${n#rf-t0950-}" \
		    "$(host "$n")"
	done
} >pool.ini

# flow FILE N SECONDS EXTRA: N tasks sleeping SECONDS, EXTRA in each body;
# tasks 5 and 6 are pinned to engine c.
flow() {
	{
		echo 'flow "pool" {'
		i=1
		while [ "$i" -le "$2" ]; do
			printf '  task "docker_run" "t%02d" {\n' "$i"
			printf '    image   = "ubuntu:latest"\n'
			printf '    command = "sleep %s"\n' "$3"
			[ -n "$4" ] && printf '    %s\n' "$4"
			case $i in 5 | 6) echo '    _engine = "c"' ;; esac
			echo '  }'
			i=$((i + 1))
		done
		echo '}'
	} >"$1"
}

# rf ARGS...: runflow run on the pool, the log in err.txt.
rf() {
	timeout 300 "$RUNFLOW" run --config="$TAP_TMP/pool.ini" \
	    --engine a --engine b --engine c --log-level=debug "$@" 2>err.txt
}

# events NAME SINCE: "TIME ACTION TASK" lines of the run's containers on
# engine NAME, from the engine's own event log.
events() {
	rid=$(sed -n 's/.*Run \([^ ]*\) of flow.*/\1/p' err.txt)
	DOCKER_HOST=$(host "$1") docker events --since "$2" --until "$(date +%s)" \
	    --filter "label=runflow.run=$rid" --filter event=start \
	    --filter event=die \
	    --format '{{.TimeNano}} {{.Action}} {{index .Actor.Attributes "runflow.task"}}'
}

# most NAME SINCE: the most of the run's containers running at once there.
most() {
	events "$1" "$2" | awk '{ print $1, ($2 == "start" ? 1 : -1) }' |
	    sort -k1,1n -k2,2n |
	    awk '{ n += $2; if (n > m) m = n } END { print m + 0 }'
}

# 1-6: thirty tasks over three engines.
flow pool.hcl 30 0.5 ''
t0=$(date +%s)
rf pool.hcl
is "$?" 0 "pool: runflow exits 0"
sleep 1
ma=$(most rf-t0950-a "$t0") mb=$(most rf-t0950-b "$t0") mc=$(most rf-t0950-c "$t0")
ok "[ $ma -ge 1 ] && [ $mb -ge 1 ] && [ $mc -ge 1 ]" \
    "pool: containers ran on all three engines ($ma $mb $mc at most)"
ok "[ $ma -le 2 ] && [ $mb -le 2 ] && [ $mc -le 2 ]" \
    "pool: never more than 2 (the slots) at once on any engine"
n=0
for e in $NAMES; do
	k=$(events "$e" "$t0" | grep -c ' start ')
	n=$((n + k))
done
is "$n" 30 "pool: thirty containers in all, by the engines' own events"
is "$(events rf-t0950-c "$t0" | awk '$2 == "start" { print $3 }' |
    grep -c -e 'task.docker_run.t05$' -e 'task.docker_run.t06$')" 2 \
    "pool: the pinned tasks ran on engine c"
ok "grep -q 'Task \"t05\" runs on engine \"c\"' err.txt" \
    "pool: the log names each task's engine"

# 7-9: engine b stopped mid-run fails only its tasks.
flow stop.hcl 12 3 ''
rf stop.hcl &
pid=$!
sleep 2
"$ENGINE" stop --name rf-t0950-b >/dev/null 2>&1
wait "$pid"
is "$?" 1 "stopped engine: runflow exits 1"
nf=$(grep -c 'is failed\.$' err.txt)
ns=$(grep -c 'is successful\.$' err.txt)
ok "[ $nf -ge 1 ] && [ $ns -ge 1 ] && [ $((nf + ns)) -eq 12 ]" \
    "stopped engine: some tasks failed ($nf), the others succeeded ($ns)"
is "$(grep -A1 'is failed\.$' err.txt | grep -v 'is failed\.$' | grep -v '^--$' |
    grep -vc "on engine 'b'")" 0 \
    "stopped engine: every failure names engine 'b'"

# 10-12: the same with _retry: the failed attempts move elsewhere.
"$ENGINE" start --name rf-t0950-b >/dev/null 2>&1 || bail "cannot restart engine b"
flow retry.hcl 12 3 '_retry = { stop_after = "3 times", wait = wait_fixed(0.5) }'
rf retry.hcl &
pid=$!
sleep 2
"$ENGINE" stop --name rf-t0950-b >/dev/null 2>&1
wait "$pid"
is "$?" 0 "stopped engine with _retry: runflow exits 0"
ok "grep -q 'attempt 1 is failed, retrying' err.txt" \
    "stopped engine with _retry: attempts on it failed"
ok "! grep -q 'is failed\.$' err.txt" \
    "stopped engine with _retry: every task succeeded in the end"
