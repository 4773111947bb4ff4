#!/bin/sh
# runflow run: values flowing between tasks, printed output, log lines in
# runflow's format, the summary and the exit status.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 12

cat > "$TAP_TMP/ok.hcl" <<'HCL'
flow "basic" {
  task "bash_run" "a" {
    command = "echo '  hello  '; echo warn >&2"
  }
  task "bash_run" "b" {
    command = "echo got-${task.bash_run.a.stdout}-${task.bash_run.a.returncode}"
  }
  task "bash_run" "env" {
    command = "echo $RF_INHERITED-$RF_ADDED"
    env = { RF_ADDED = "added" }
    _depends_on = [task.bash_run.b]
  }
}
HCL

RF_INHERITED=kept "$RUNFLOW" run "$TAP_TMP/ok.hcl" -j 1 \
	>"$TAP_TMP/out" 2>"$TAP_TMP/err"
is "$?" 0 "a flow whose tasks succeed exits 0"
is "$(cat "$TAP_TMP/out")" "hello
got-hello-0
kept-added" "stripped stdout is printed; results flow into later tasks; env adds to the environment"
stamp='^\[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},[0-9]{3}\] '
like "$(sed -n 1p "$TAP_TMP/err")" "${stamp}Task \"a\" is started\.\$" \
	"the first line is the docs' started line"
like "$(sed -n 2p "$TAP_TMP/err")" "${stamp}Task \"a\" is successful\.\$" \
	"then the successful line"
is "$(sed "s/^\[[^]]*\] //" "$TAP_TMP/err" | sed '$d')" 'Task "a" is started.
Task "a" is successful.
Task "b" is started.
Task "b" is successful.
Task "env" is started.
Task "env" is successful.' "one log line per state change, in dependency order"
like "$(tail -n 1 "$TAP_TMP/err")" "${stamp}3 succeeded, 0 failed, 0 canceled in [0-9]+\.[0-9] s\$" \
	"a summary line ends the run"
unlike "$(cat "$TAP_TMP/err")" "$(printf '\r')" \
	"no status line when stderr is not a terminal"

# Failure: the reason follows, indented; dependents are canceled; an
# independent branch still finishes.
cat > "$TAP_TMP/fail.hcl" <<'HCL'
flow "fail" {
  task "bash_run" "bad" {
    command = "echo first >&2; echo second >&2; exit 4"
  }
  task "bash_run" "after" {
    command = "echo never ${task.bash_run.bad.stdout}"
  }
  task "bash_run" "later" {
    command = "echo never"
    _depends_on = [task.bash_run.after]
  }
  task "bash_run" "free" {
    command = "sleep 0.3; echo free"
  }
}
HCL
"$RUNFLOW" run "$TAP_TMP/fail.hcl" -j 4 >"$TAP_TMP/out" 2>"$TAP_TMP/err"
is "$?" 1 "a failed task makes the run exit 1"
is "$(cat "$TAP_TMP/out")" "free" "the independent task ran, the dependents did not"
is "$(sed -n '/is failed/,/^\[/p' "$TAP_TMP/err" | sed '$d' | sed 's/^\[[^]]*\] //')" 'Task "bad" is failed.
    command exited with status 4
    first
    second' "the reason follows the failed line, indented by four spaces"
is "$(grep -c 'is canceled\.$' "$TAP_TMP/err")" 2 "both dependents are canceled"
like "$(tail -n 1 "$TAP_TMP/err")" '1 succeeded, 1 failed, 2 canceled in ' \
	"the summary counts every end state"
done_testing
