#!/bin/sh
# _retry (stop_after by times and seconds, the wait functions) and
# _timeout (the work is stopped, SIGKILL after the grace period for a
# process group that ignores SIGTERM).
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 14

printf '[run]\nkill_grace = 0.5\n' > "$TAP_TMP/config.ini"
run() {
	"$RUNFLOW" run --config "$TAP_TMP/config.ini" "$@" \
		>"$TAP_TMP/out" 2>"$TAP_TMP/err"
}
now_ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}

# Fails twice, then succeeds.
cat > "$TAP_TMP/flaky.hcl" <<HCL
flow "flaky" {
  task "bash_run" "flaky" {
    command = "n=\$(cat $TAP_TMP/n 2>/dev/null || echo 0); echo \$((n + 1)) > $TAP_TMP/n; echo attempt-\$n >&2; [ \$n -ge 2 ] && echo ok"
    _retry = { stop_after = "5 times", wait = wait_fixed(0.2) }
  }
}
HCL
start=$(now_ms)
run "$TAP_TMP/flaky.hcl"
is "$?" 0 "a task that succeeds on its third attempt succeeds"
took=$(( $(now_ms) - start ))
is "$(cat "$TAP_TMP/n")" 3 "it ran three times"
ok "[ $took -ge 400 ]" "two waits of 0.2 s were made (took $took ms)"
is "$(sed -n 's/^\[[^]]*\] //p' "$TAP_TMP/err" | grep -v succeeded)" 'Task "flaky" is started.
Task "flaky" attempt 1 is failed, retrying in 0.2 s.
Task "flaky" is retrying (attempt 2).
Task "flaky" attempt 2 is failed, retrying in 0.2 s.
Task "flaky" is retrying (attempt 3).
Task "flaky" is successful.' "each failed attempt and each rerun is logged"
is "$(grep -c '^    attempt-' "$TAP_TMP/err")" 2 "each failed attempt's reason is shown"

rm -f "$TAP_TMP/n"
cat > "$TAP_TMP/never.hcl" <<HCL
flow "never" {
  task "bash_run" "never" {
    command = "echo x >> $TAP_TMP/n; exit 1"
    _retry = { stop_after = "3 times | 10 seconds", wait = wait_exponential(0.05, 0, 1) }
  }
}
HCL
run "$TAP_TMP/never.hcl"
is "$?" 1 "a task that always fails fails after its retries"
is "$(wc -l < "$TAP_TMP/n" | tr -d ' ')" 3 "stop_after \"3 times\" means three attempts in all"

rm -f "$TAP_TMP/n"
cat > "$TAP_TMP/secs.hcl" <<HCL
flow "secs" {
  task "bash_run" "never" {
    command = "echo x >> $TAP_TMP/n; exit 1"
    _retry = { stop_after = "0.5 seconds", wait = wait_chain(wait_fixed(0.3), wait_fixed(0.3)) }
  }
}
HCL
run "$TAP_TMP/secs.hcl"
is "$(wc -l < "$TAP_TMP/n" | tr -d ' ')" 3 "stop_after \"0.5 seconds\": attempts at 0, 0.3 and 0.6 s"

# _timeout stops a plain command.
cat > "$TAP_TMP/slow.hcl" <<'HCL'
flow "slow" {
  task "bash_run" "slow" {
    command = "sleep 10"
    _timeout = 0.5
  }
}
HCL
start=$(now_ms)
run "$TAP_TMP/slow.hcl"
rc=$?
took=$(( $(now_ms) - start ))
is "$rc" 1 "a timed-out task fails the run"
grep -q '^    timed out after 0.5 s$' "$TAP_TMP/err"
is "$?" 0 "its reason is 'timed out after 0.5 s'"
ok "[ $took -lt 2000 ]" "the run ends soon after the limit (took $took ms)"

# A process group that ignores SIGTERM gets SIGKILL after the grace.
cat > "$TAP_TMP/stuck.hcl" <<HCL
flow "stuck" {
  task "bash_run" "stuck" {
    command = "$TESTBIN/child --ignore-term --pidfile $TAP_TMP/p1 --sleep 30 & exec $TESTBIN/child --ignore-term --pidfile $TAP_TMP/p2 --sleep 30"
    _timeout = 0.5
  }
}
HCL
start=$(now_ms)
run "$TAP_TMP/stuck.hcl"
rc=$?
took=$(( $(now_ms) - start ))
is "$rc" 1 "a task ignoring SIGTERM still times out"
ok "[ $took -ge 1000 ] && [ $took -lt 3000 ]" "SIGKILL came after the 0.5 s grace (took $took ms)"
ok "pid_gone '$TAP_TMP/p1' && pid_gone '$TAP_TMP/p2'" "both processes of the task's group are gone"
done_testing
