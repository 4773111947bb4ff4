#!/bin/sh
# Fault: SIGINT or SIGTERM reaches runflow at a random moment, 50 times,
# during a flow of docker_run (fake docker), bash_run and file_write tasks
# with delays.  Each time: runflow exits 130 or 143 (or 0 when the signal
# came after the end) and says why when it stopped work, no process it
# started is left, no temporary file is left in TMPDIR or beside the
# written file, and no fake container still runs.  RUNFLOW_TEST_SEED
# repeats a sequence of moments; RUNFLOW_SIGNAL_TRIALS sets the number of
# trials.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
trials=${RUNFLOW_SIGNAL_TRIALS:-50}
plan $((trials + 2))

seed=${RUNFLOW_TEST_SEED:-$(date +%s)}
diag "seed $seed (set RUNFLOW_TEST_SEED=$seed to repeat)"
printf '[run]\nkill_grace = 0.5\n' >config.ini
mkdir script
printf 'out first\nsleep 0.15\nerrn no newline\n' >script/run.steps
printf '0.15\n' >script/run.delay
export FAKE_DOCKER_SCRIPT="$TAP_TMP/script"

cat >flow.hcl <<HCL
flow "signals" {
  task "docker_run" "d1" {
    image   = "img"
    command = ["d1"]
  }
  task "docker_run" "d2" {
    image   = "img"
    command = ["d2", task.docker_run.d1.stdout]
  }
  task "docker_run" "d3" {
    image   = "img"
    command = ["d3"]
  }
  task "docker_run" "d4" {
    image       = "img"
    command     = ["d4"]
    _depends_on = [task.docker_run.d2]
  }
  task "bash_run" "b1" {
    command = "exec $TESTBIN/child --pidfile $TAP_TMP/pids/b1 --sleep 0.4"
  }
  task "bash_run" "b2" {
    command     = "$TESTBIN/child --pidfile $TAP_TMP/pids/b2 --sleep 0.3; echo b2"
    _depends_on = [task.docker_run.d3]
  }
  task "file_write" "w" {
    filename = "$TAP_TMP/out/w.txt"
    content  = "\${task.docker_run.d4.stdout}\${task.bash_run.b2.stdout}"
  }
}
HCL

# alive PID: whether PID is a process that has not exited.
alive() {
	case $(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) in
	''|Z*|X*) return 1 ;;
	esac
	return 0
}

# leftovers: the live processes of every group that runflow started (fake
# docker calls and the bash_run tasks), one "pid (command)" a line.
leftovers() {
	{
		sed -n 's/^pgid=//p' log/*.meta pids/* 2>/dev/null
	} | sort -u | while read -r g; do
		for p in $(pgrep -g "$g"); do
			alive "$p" && echo "$p ($(cat "/proc/$p/comm" 2>/dev/null))"
		done
	done
}

# running_containers: fake containers still marked running.
running_containers() {
	grep -l '^running' log/containers/* 2>/dev/null
}

# The flow runs to the end without a signal.
rm -rf log pids out tmp
mkdir pids out tmp
FAKE_DOCKER_LOG="$TAP_TMP/log" TMPDIR="$TAP_TMP/tmp" timeout 60 "$RUNFLOW" \
    run --config=config.ini --docker="$TESTBIN/docker" -j 4 flow.hcl \
    >stdout 2>stderr
is "$?" 0 "without a signal the flow succeeds"
is "$(cat out/w.txt)" "firstb2" "the written file holds the stripped outputs"

# The moments, drawn at once from one seed.
awk -v s="$seed" -v n="$trials" \
    'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.3f\n", rand() * 1.5 }' \
    >delays
counts=
i=1
while [ $i -le $trials ]; do
	rm -rf log pids out tmp
	mkdir pids out tmp
	delay=$(sed -n "${i}p" delays)
	if [ $((i % 2)) -eq 0 ]; then sig=INT want=130; else sig=TERM want=143; fi
	FAKE_DOCKER_LOG="$TAP_TMP/log" TMPDIR="$TAP_TMP/tmp" \
	    env --default-signal=INT "$RUNFLOW" run \
	    --config=config.ini --docker="$TESTBIN/docker" -j 4 flow.hcl \
	    >stdout 2>stderr &
	pid=$!
	# A watchdog, so that a hung run fails the trial instead of the suite.
	(sleep 60 && kill -s KILL "$pid") 2>/dev/null &
	watchdog=$!
	sleep "$delay"
	if kill -s "$sig" "$pid" 2>/dev/null; then sent=yes; else sent=no; fi
	wait "$pid"
	rc=$?
	kill "$watchdog" 2>/dev/null
	wait "$watchdog" 2>/dev/null
	problems=
	case $sent.$rc in
	yes."$want"|yes.0|no.0) ;;
	*) problems="$problems exit status $rc (signal sent: $sent);" ;;
	esac
	# Stopped by the signal: runflow says so, unless the signal came
	# before it started any task or after it finished them all.
	if [ "$rc" = "$want" ] && ! grep -q "Received SIG$sig" stderr &&
	    grep -q 'is started\.$' stderr &&
	    ! grep -q '7 succeeded, 0 failed, 0 canceled in ' stderr; then
		problems="$problems no 'Received SIG$sig' line;"
	fi
	left=$(leftovers)
	[ -z "$left" ] || problems="$problems processes left: $left;"
	[ -z "$(ls -A tmp)" ] || problems="$problems TMPDIR holds $(ls -A tmp);"
	case $(ls -A out) in
	''|w.txt) ;;
	*) problems="$problems beside the written file: $(ls -A out);" ;;
	esac
	[ -z "$(running_containers)" ] ||
	    problems="$problems fake containers running: $(running_containers);"
	if [ -z "$problems" ]; then
		tap_result 0 "trial $i: SIG$sig after $delay s, exit $rc, nothing left"
	else
		tap_result 1 "trial $i: SIG$sig after $delay s"
		diag "$problems" "stderr:" "$(cat stderr)"
	fi
	counts="$counts $rc"
	i=$((i + 1))
done
diag "exit statuses:$(printf '%s\n' $counts | sort | uniq -c |
    awk '{ printf " %s x%s", $2, $1 }')"
done_testing
