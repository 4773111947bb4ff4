#!/bin/sh
# SIGINT and SIGTERM to the runner: running work is stopped through the
# tasks' cancel hooks, waiting tasks are canceled, nothing is left behind,
# and the run ends with 130 or 143.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 10

printf '[run]\nkill_grace = 0.5\n' > "$TAP_TMP/config.ini"
cat > "$TAP_TMP/long.hcl" <<HCL
flow "long" {
  task "bash_run" "one" {
    command = "exec $TESTBIN/child --pidfile $TAP_TMP/p1 --sleep 30"
  }
  task "bash_run" "two" {
    command = "$TESTBIN/child --ignore-term --pidfile $TAP_TMP/p2 --sleep 30"
  }
  task "bash_run" "after" {
    command = "echo never \${task.bash_run.one.stdout}"
  }
}
HCL

# Start the flow, wait for both pidfiles, send the signal, wait for it.
run_and_signal() {
	rm -f "$TAP_TMP/p1" "$TAP_TMP/p2"
	"$RUNFLOW" run --config "$TAP_TMP/config.ini" -j 4 "$TAP_TMP/long.hcl" \
		>"$TAP_TMP/out" 2>"$TAP_TMP/err" &
	runner=$!
	wait_files "$TAP_TMP/p1" "$TAP_TMP/p2"
	kill -"$1" $runner
	wait $runner
}

run_and_signal INT
is "$?" 130 "SIGINT ends the run with 130"
ok "pid_gone '$TAP_TMP/p1'" "the running task's process is gone"
ok "pid_gone '$TAP_TMP/p2'" "a task ignoring SIGTERM is killed after the grace"
is "$(grep -c 'is canceled\.$' "$TAP_TMP/err")" 3 "the running and waiting tasks are canceled"
like "$(cat "$TAP_TMP/err")" 'Received SIGINT, stopping 2 running tasks\.' \
	"the runner says why it stops"
like "$(tail -n 1 "$TAP_TMP/err")" '0 succeeded, 0 failed, 3 canceled in ' \
	"the summary counts them"

run_and_signal TERM
is "$?" 143 "SIGTERM ends the run with 143"
ok "pid_gone '$TAP_TMP/p1' && pid_gone '$TAP_TMP/p2'" "nothing is left running after SIGTERM"
is "$(cat "$TAP_TMP/out")" "" "no dependent task ran"

# A second SIGINT does not wait for the grace.
rm -f "$TAP_TMP/p1" "$TAP_TMP/p2"
printf '[run]\nkill_grace = 30\n' > "$TAP_TMP/config.ini"
"$RUNFLOW" run --config "$TAP_TMP/config.ini" -j 4 "$TAP_TMP/long.hcl" \
	>/dev/null 2>&1 &
runner=$!
wait_files "$TAP_TMP/p2"
kill -INT $runner
sleep 0.2
kill -INT $runner
start=$(date +%s)
wait $runner
rc=$?
ok "[ $rc -eq 130 ] && [ \$(( \$(date +%s) - $start )) -lt 5 ] && pid_gone '$TAP_TMP/p2'" \
	"a second SIGINT kills at once (exit $rc)"
done_testing
