#!/bin/sh
# runflow plan with flow_run: the sub-flow's plans are printed nested under
# the task, indented, with "parent > child" names; a sub-flow that cannot
# load makes the plan fail with its diagnostics.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 6
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

rp() {
	"$RUNFLOW" plan --config="$TAP_TMP/empty.ini" "$@"
}

cat >sub.hcl <<'HCL'
flow "sub" {
  variable "who" { default = "world" }
  task "bash_run" "hello" { command = "echo hello ${var.who}" }
  task "file_write" "save" {
    filename = "out.txt"
    content  = task.bash_run.hello.stdout
  }
}
HCL
cat >top.hcl <<'HCL'
flow "top" {
  task "bash_run" "first" { command = "echo sub.hcl" }
  task "flow_run" "by_path" {
    path = "sub.hcl"
    vars = { who = "you" }
    export { said = "task.bash_run.hello.stdout" }
  }
  task "flow_run" "nested" {
    source = <<-EOT
      flow "outer" {
        task "flow_run" "inner" {
          source = "flow \"leaf\" {\n task \"bash_run\" \"x\" { command = \"echo x\" }\n}"
        }
      }
    EOT
  }
  task "flow_run" "later" {
    path = task.bash_run.first.stdout
  }
}
HCL
rp top.hcl >out 2>err
is "$?" 0 "plan of a flow with flow_run tasks succeeds"
is "$(cat out)" "# task.bash_run.first
/bin/bash -c 'echo sub.hcl'
# task.flow_run.by_path
# run flow \"sub\" from 'sub.hcl': 2 tasks
  # task.bash_run.hello (by_path > hello)
  /bin/bash -c 'echo hello you'
  # task.file_write.save (by_path > save)
  # write \${task.bash_run.hello.stdout} to out.txt
# task.flow_run.nested
# run flow \"outer\" from its source: 1 task
  # task.flow_run.inner (nested > inner)
  # run flow \"leaf\" from its source: 1 task
    # task.bash_run.x (nested > inner > x)
    /bin/bash -c 'echo x'
# task.flow_run.later
# run the flow in the file \${task.bash_run.first.stdout} (known when the task starts)" \
	"sub-flows are planned nested, vars applied, a path not known yet is shown as its reference"
is "$(cat err)" "" "nothing on stderr"
ok "[ ! -e out.txt ]" "nothing ran"

cat >bad.hcl <<'HCL'
flow "bad" {
  task "flow_run" "broken" {
    source = "flow \"b\" {\n  task \"bash_run\" \"x\" { command = var.nope }\n}"
  }
}
HCL
rp bad.hcl >out 2>err
is "$?" 2 "plan fails when a sub-flow cannot load"
is "$(cat err)" "runflow: task.flow_run.broken: task.flow_run.broken.source:2:35: error: unknown variable 'nope'
    2 |   task \"bash_run\" \"x\" { command = var.nope }
      |                                   ^~~~~~~~" "with the sub-flow's diagnostics"
