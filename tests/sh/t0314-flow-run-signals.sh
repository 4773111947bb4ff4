#!/bin/sh
# SIGINT and SIGTERM during a sub-flow: the flow_run task cancels its
# sub-flow, every sub-task's processes are stopped (nested ones too), and
# the run ends with 130 or 143.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 10
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
printf '[run]\nkill_grace = 0.5\n' >config.ini

cat >sig.hcl <<HCL
flow "sig" {
  task "flow_run" "outer" {
    source = <<-EOT
      flow "inner" {
        task "bash_run" "long" {
          command = "exec $TESTBIN/child --pidfile $TAP_TMP/p1 --sleep 30"
        }
        task "flow_run" "deeper" {
          source = "flow \\"d\\" {\\n task \\"bash_run\\" \\"stubborn\\" { command = \\"$TESTBIN/child --ignore-term --pidfile $TAP_TMP/p2 --sleep 30\\" }\\n}"
        }
        task "bash_run" "never" {
          command = "echo never \$\${task.bash_run.long.stdout}"
        }
      }
    EOT
  }
  task "bash_run" "after" {
    command = "echo never \${task.flow_run.outer.path}"
  }
}
HCL

# run_and_signal SIG: start the flow, wait for both pidfiles, signal it.
run_and_signal() {
	rm -f p1 p2
	"$RUNFLOW" run --config config.ini -j 4 sig.hcl >out 2>err &
	runner=$!
	wait_files p1 p2
	kill -"$1" $runner
	wait $runner
}

run_and_signal INT
is "$?" 130 "SIGINT during a sub-flow ends the run with 130"
ok "pid_gone p1" "the sub-task's process is gone"
ok "pid_gone p2" "the nested sub-task ignoring SIGTERM is killed after the grace"
is "$(sed 's/^\[[^]]*\] //' err | grep -v '^Received' | sed '$d' | sort)" \
'Task "after" is canceled.
Task "outer > deeper > stubborn" is canceled.
Task "outer > deeper > stubborn" is started.
Task "outer > deeper" is canceled.
Task "outer > deeper" is started.
Task "outer > long" is canceled.
Task "outer > long" is started.
Task "outer > never" is canceled.
Task "outer" is canceled.
Task "outer" is started.' "every task and sub-task that ran or waited is canceled, none failed"
like "$(cat err)" 'Received SIGINT, stopping 1 running task\.' \
	"the runner counts its own running task"
like "$(tail -n 1 err)" '0 succeeded, 0 failed, 2 canceled in ' "the summary"
is "$(cat out)" "" "nothing after the signal ran"

run_and_signal TERM
is "$?" 143 "SIGTERM during a sub-flow ends the run with 143"
ok "pid_gone p1 && pid_gone p2" "nothing is left running after SIGTERM"
ok "! pgrep -f '$TAP_TMP/p[12]'" "no child process of the run is left"
