#!/bin/sh
# Fault: SIGINT or SIGTERM reaches runflow at a random moment, 10 times,
# during a flow of real containers.  Each time: runflow exits 130 or 143
# (or 0 when the signal came after the end), no container labelled with
# the run is left, no docker CLI of the run is alive and no cidfile folder
# is left in TMPDIR.  RUNFLOW_TEST_SEED repeats a sequence of moments.
# Needs the test engine (scripts/engine).
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"

require_engine
trials=10
plan $trials

seed=${RUNFLOW_TEST_SEED:-$(date +%s)}
diag "seed $seed (set RUNFLOW_TEST_SEED=$seed to repeat)"
printf '[run]\nkill_grace = 1\n' >config.ini
cat >flow.hcl <<'HCL'
flow "signals" {
  task "docker_run" "a" {
    image   = "runflow-test/base:latest"
    command = ["sh", "-c", "sleep 1; echo a"]
  }
  task "docker_run" "b" {
    image   = "runflow-test/base:latest"
    command = ["sh", "-c", "sleep 1; echo b ${task.docker_run.a.stdout}"]
  }
  task "docker_run" "c" {
    image   = "runflow-test/base:latest"
    command = ["sleep", "2"]
  }
  task "bash_run" "d" {
    command = "echo ${task.docker_run.b.stdout}"
  }
}
HCL
awk -v s="$seed" -v n="$trials" \
    'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.3f\n", rand() * 4 }' \
    >delays

i=1
while [ $i -le $trials ]; do
	rm -rf tmp
	mkdir tmp
	delay=$(sed -n "${i}p" delays)
	if [ $((i % 2)) -eq 0 ]; then sig=INT want=130; else sig=TERM want=143; fi
	TMPDIR=$TAP_TMP/tmp env --default-signal=INT "$RUNFLOW" run \
	    --config=config.ini --log-level=debug -j 4 flow.hcl >out 2>err &
	pid=$!
	(sleep 120 && kill -s KILL "$pid") 2>/dev/null &
	watchdog=$!
	sleep "$delay"
	if kill -s "$sig" "$pid" 2>/dev/null; then sent=yes; else sent=no; fi
	wait "$pid"
	rc=$?
	kill "$watchdog" 2>/dev/null
	wait "$watchdog" 2>/dev/null
	rid=$(sed -n 's/.*Run \([^ ]*\) of flow.*/\1/p' err)
	problems=
	case $sent.$rc in
	yes."$want"|yes.0|no.0) ;;
	*) problems="$problems exit status $rc (signal sent: $sent);" ;;
	esac
	if [ -n "$rid" ]; then
		left=$(docker ps -aq --filter "label=runflow.run=$rid" | wc -l)
		[ "$left" -eq 0 ] ||
		    problems="$problems $left containers labelled runflow.run=$rid;"
		clis=$(pgrep -f "label=runflow.run=$rid" | tr '\n' ' ')
		[ -z "$clis" ] || problems="$problems docker CLIs alive: $clis;"
	elif grep -q 'is started\.$' err; then
		problems="$problems no run id in the log;"
	fi
	[ -z "$(ls -A tmp)" ] || problems="$problems TMPDIR holds $(ls -A tmp);"
	if [ -z "$problems" ]; then
		tap_result 0 "trial $i: SIG$sig after $delay s, exit $rc, nothing left"
	else
		tap_result 1 "trial $i: SIG$sig after $delay s"
		diag "$problems" "stderr:" "$(cat err)"
	fi
	i=$((i + 1))
done
done_testing
