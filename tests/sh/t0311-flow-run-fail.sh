#!/bin/sh
# flow_run failures: a failed sub-task fails the task with its reason, a
# broken sub-flow fails it with located diagnostics, an export that cannot
# be made fails it, and _timeout stops the sub-flow.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 16
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

rf() {
	"$RUNFLOW" run --config="$TAP_TMP/empty.ini" "$@"
}
log() {
	sed 's/^\[[^]]*\] //' "$1"
}
# reason FILE TASK: the indented lines after 'Task "TASK" is failed.'
reason() {
	awk -v t="Task \"$2\" is failed." '
		index($0, t) { on = 1; next }
		on && /^    / { print; next }
		{ on = 0 }' "$1"
}

# 1-6: a failed sub-task.
cat >fail.hcl <<'HCL'
flow "f" {
  task "bash_run" "ok" { command = "echo fine" }
  task "bash_run" "boom" {
    command = "echo oops >&2; exit 3"
    _depends_on = [task.bash_run.ok]
  }
  task "bash_run" "later" { command = "echo ${task.bash_run.boom.stdout}" }
}
HCL
cat >top.hcl <<'HCL'
flow "top" {
  task "flow_run" "sub" {
    path = "fail.hcl"
    export { x = "task.bash_run.ok.stdout" }
  }
  task "bash_run" "after" { command = "echo ${task.flow_run.sub.x}" }
  task "bash_run" "independent" { command = "echo independent" }
}
HCL
rf -j 1 top.hcl >out 2>err
is "$?" 1 "a failed sub-task makes the run exit 1"
is "$(cat out)" 'fine
independent' "the sub-task before it and an independent task ran"
is "$(log err | sed '$d' | grep -v '^    ')" 'Task "sub" is started.
Task "sub > ok" is started.
Task "sub > ok" is successful.
Task "independent" is started.
Task "independent" is successful.
Task "sub > boom" is started.
Task "sub > boom" is failed.
Task "sub > later" is canceled.
Task "sub" is failed.
Task "after" is canceled.' "the sub-task fails, its dependent is canceled, then the task and its own dependent"
is "$(reason err 'sub > boom')" '    command exited with status 3
    oops' "the sub-task's reason is logged"
is "$(reason err sub)" '    task "sub > boom" failed: command exited with status 3
    oops' "the task's reason names the sub-task and repeats its reason"
like "$(tail -n 1 err)" '\] 1 succeeded, 1 failed, 1 canceled in ' "the summary"

# 7-8: errors in a sub-flow file fail the task with their locations.
cat >broken.hcl <<'HCL'
flow "broken" {
  task "bash_run" "x" {
    command = var.nope
  }
  task "bash_rn" "y" { command = "echo" }
}
HCL
cat >top2.hcl <<'HCL'
flow "top2" {
  task "flow_run" "sub" { path = "broken.hcl" }
}
HCL
rf top2.hcl >out 2>err
is "$?" 1 "a sub-flow with errors fails the task (the parent flow was valid)"
is "$(reason err sub)" "    broken.hcl:3:15: error: unknown variable 'nope'
        3 |     command = var.nope
          |               ^~~~~~~~
    broken.hcl:5:8: error: unknown task type 'bash_rn'
        5 |   task \"bash_rn\" \"y\" { command = \"echo\" }
          |        ^~~~~~~~~
    did you mean 'bash_run'?" "every diagnostic, with file:line:col, excerpt and caret"

# 9: errors in source text are located in it.
cat >top3.hcl <<'HCL'
flow "top3" {
  task "flow_run" "inline" {
    source = "flow \"s\" {\n  task \"bash_run\" \"x\" {\n    command = var.nope\n  }\n}"
  }
}
HCL
rf top3.hcl >out 2>err
is "$(reason err inline | sed -n 1p)" \
	"    task.flow_run.inline.source:3:15: error: unknown variable 'nope'" \
	"source text is named after its task in locations"

# 10: a missing file.
cat >top4.hcl <<'HCL'
flow "top4" {
  task "flow_run" "sub" { path = "nowhere.hcl" }
}
HCL
rf top4.hcl >out 2>err
is "$(reason err sub)" "    cannot read flow file 'nowhere.hcl': No such file or directory" \
	"a missing file fails the task with the path and the error"

# 11-13: exports that cannot be made.
cat >top5.hcl <<'HCL'
flow "top5" {
  task "flow_run" "unknown" {
    path = "fail.hcl"
    export { x = "task.bash_run.nope.stdout" }
  }
  task "flow_run" "skipped" {
    source = <<-EOT
      flow "s" {
        task "bash_run" "no" {
          command = "echo no"
          _depends_on = [false]
        }
        task "bash_run" "yes" { command = "echo yes" }
      }
    EOT
    export { n = "task.bash_run.no.stdout" }
  }
  task "flow_run" "bad_attr" {
    source = "flow \"s\" {\n  task \"bash_run\" \"yes\" { command = \"echo yes\" }\n}"
    export { n = "task.bash_run.yes.nope" }
  }
}
HCL
rf -j 1 top5.hcl >out 2>err
is "$(reason err unknown)" "    task.flow_run.unknown.export.x:1:1: error: the sub-flow has no task 'task.bash_run.nope'
        1 | task.bash_run.nope.stdout
          | ^~~~~~~~~~~~~~~~~~" "an export naming a task the sub-flow lacks fails before the sub-flow runs"
unlike "$(cat err)" 'Task "unknown > ' "so none of its sub-tasks started"
is "$(reason err skipped)" "    export 'n' needs the result of task.bash_run.no, which was canceled" \
	"an export of a sub-task skipped by a condition fails the task"

# 14: an attribute the result lacks.
like "$(reason err bad_attr)" "export 'n' failed:
    task\.flow_run\.bad_attr\.export\.n:1:19: error: unsupported attribute 'nope'" \
	"an attribute the sub-task's result lacks is a located evaluation error"

# 15-16: _timeout on flow_run stops the sub-flow.
cat >slow.hcl <<HCL
flow "slow" {
  task "flow_run" "slow" {
    source = "flow \"s\" {\\n task \"bash_run\" \"sleep\" { command = \"exec $TESTBIN/child --sleep 30\" }\\n}"
    _timeout = 0.3
  }
}
HCL
start=$(date +%s)
rf slow.hcl >out 2>err
rc=$?
is "$rc:$(reason err slow)" "1:    timed out after 0.3 s" "a flow_run task times out"
ok "[ \$(( \$(date +%s) - $start )) -lt 5 ] && grep -q 'Task \"slow > sleep\" is canceled\.' err" \
	"its running sub-task is canceled at once"
