#!/bin/sh
# Fault: interrupted system calls.  While a flow runs, two other processes
# send runflow SIGWINCH and SIGCHLD as fast as they can (both harmless, so
# every read, write, poll and wait may come back with EINTR).  The results
# must be exact anyway: large captures byte for byte, a retried task's
# attempts, a timeout that fires on time, file writes, exit status.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini
plan 12

mkdir script
printf '3150000\n' >script/run.stdout-bytes
printf '63000\n' >script/run.stderr-bytes
export FAKE_DOCKER_LOG="$TAP_TMP/log" FAKE_DOCKER_SCRIPT="$TAP_TMP/script"

# Sizes are multiples of the 63-byte pattern line, so each capture ends
# with a newline that stripping removes.
cat >flow.hcl <<HCL
flow "eintr" {
  task "bash_run" "big" {
    command = "$TESTBIN/child --stdout 6300000 --stderr 630000 --chunk 1000"
  }
  task "docker_run" "dbig" {
    image   = "img"
    command = ["dbig"]
  }
  task "file_write" "w1" {
    filename = "$TAP_TMP/big.out"
    content  = task.bash_run.big.stdout
  }
  task "file_write" "w2" {
    filename = "$TAP_TMP/big.err"
    content  = task.bash_run.big.stderr
  }
  task "file_write" "w3" {
    filename = "$TAP_TMP/dbig.out"
    content  = task.docker_run.dbig.stdout
  }
  task "bash_run" "retry" {
    command = "n=\$(cat $TAP_TMP/count 2>/dev/null || echo 0); echo \$((n + 1)) >$TAP_TMP/count; [ \$n -ge 2 ]"
    _retry  = { stop_after = "5 times", wait = wait_fixed(0.3) }
  }
  task "bash_run" "slow" {
    command  = "sleep 5"
    _timeout = 1
  }
}
HCL

# pester SIG FILE: send SIG to pid until it is gone; write the count.
pester() {
	n=0
	while kill -s "$1" "$pid" 2>/dev/null; do
		n=$((n + 1))
	done
	echo "$n" >"$2"
}

start=$(date +%s)
"$RUNFLOW" run --config=empty.ini --docker="$TESTBIN/docker" -j 8 flow.hcl \
    >out 2>err &
pid=$!
pester WINCH winch.count &
p1=$!
pester CHLD chld.count &
p2=$!
wait "$pid"
rc=$?
took=$(($(date +%s) - start))
wait "$p1" "$p2"
diag "signals sent: $(cat winch.count) SIGWINCH, $(cat chld.count) SIGCHLD in $took s"

is "$rc" 1 "runflow exits 1 (the slow task timed out)"
ok "[ $(cat winch.count) -ge 100 ] && [ $(cat chld.count) -ge 100 ]" \
    "runflow took at least 100 signals of each kind"
"$TESTBIN/child" --stdout 6300000 | head -c 6299999 >want.out
"$TESTBIN/child" --stderr 630000 2>&1 >/dev/null | head -c 629999 >want.err
"$TESTBIN/child" --stdout 3150000 | head -c 3149999 >want.dbig
ok "cmp -s want.out big.out" "bash_run: 6300000 bytes of stdout, exact"
ok "cmp -s want.err big.err" "bash_run: 630000 bytes of stderr, exact"
ok "cmp -s want.dbig dbig.out" "docker_run: 3150000 bytes of stdout, exact"
"$TESTBIN/child" --stdout 6300000 >want.printed
ok "head -c 6300000 out | cmp -s want.printed -" "bash_run's printed stdout is exact"
is "$(cat count)" 3 "the retried task ran exactly three times"
like "$(cat err)" 'Task "retry" is successful\.' "and then succeeded"
is "$(grep -A1 'Task "slow" is failed\.' err | sed -n 2p)" "    timed out after 1 s" \
    "the timeout fired"
ok "[ $took -lt 5 ]" "on time: the run took $took s, less than the slow task's 5"
like "$(tail -n 1 err)" '6 succeeded, 1 failed, 0 canceled in ' "the summary counts them"
is "$(ls "$TAP_TMP/log/containers")" "" "no fake container is left"
done_testing
