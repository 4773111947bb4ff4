#!/bin/sh
# hcl2_template: `source` sees the flow's values and, as plain names, the
# members of `context`, which may come from other tasks.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
cd "$TAP_TMP" || bail "no scratch folder"
plan 5

cat >tpl.hcl <<'HCL'
flow "tpl" {
  variable "greeting" {
    default = "hello"
  }
  task "bash_run" "who" {
    command = "printf world"
  }
  task "hcl2_template" "t" {
    source = "${var.greeting} ${name}, %{ for n in nums }${n}%{ endfor } ${answer + 1}"
    context = {
      name = task.bash_run.who.stdout
      nums = [1, 2, 3]
      answer = 41
    }
  }
  task "file_write" "o" {
    filename = "out"
    content = task.hcl2_template.t.content
  }
}
HCL
"$RUNFLOW" run tpl.hcl >/dev/null 2>err
is "$?" 0 "the template flow succeeds"
is "$(cat out)" "hello world, 123 42" "context members, task results and var all render"

cat >bad.hcl <<'HCL'
flow "bad" {
  task "hcl2_template" "t" {
    source = "${nosuch}"
    context = {
      name = "x"
    }
  }
}
HCL
"$RUNFLOW" run bad.hcl >/dev/null 2>err
is "$?" 1 "a name missing from the context fails the task"
like "$(cat err)" "bad.hcl:3:17: unknown (variable|name) 'nosuch'" "with its location"

cat >bad2.hcl <<'HCL'
flow "bad2" {
  task "hcl2_template" "t" {
    source = "${var.nope}"
  }
}
HCL
"$RUNFLOW" run bad2.hcl >/dev/null 2>err
is "$?" 2 "an unknown variable in the source is still a load error"
done_testing
