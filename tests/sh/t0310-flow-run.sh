#!/bin/sh
# flow_run: a sub-flow from a file or from source text, its variables, its
# exports used by a later task, and its tasks' log lines "parent > child".
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 18
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

# rf ARGS...: runflow run without the user's settings.
rf() {
	"$RUNFLOW" run --config="$TAP_TMP/empty.ini" "$@"
}
# log FILE: the log lines without their time stamps.
log() {
	sed 's/^\[[^]]*\] //' "$1"
}

mkdir sub
cat >sub/hello.hcl <<'HCL'
flow "hello" {
  variable "who" { default = "world" }
  variable "n" { default = 1 }
  variable "tags" { default = [] }
  task "bash_run" "hello" {
    command = "echo hello ${var.who} ${var.n + 1} ${length(var.tags)}"
  }
  task "bash_run" "again" {
    command = "echo again: ${task.bash_run.hello.stdout}"
  }
}
HCL

# 1-5: path, vars of any type, exports read by a later task.
cat >top.hcl <<'HCL'
flow "top" {
  task "flow_run" "sub" {
    path = "sub/hello.hcl"
    vars = { who = "you", n = 41, tags = ["a", "b"] }
    export {
      greeting = "task.bash_run.hello.stdout"
    }
    export {
      pair = "[task.bash_run.again.stdout, var.n]"
      code = "task.bash_run.hello.returncode"
    }
  }
  task "bash_run" "after" {
    command = "echo '${task.flow_run.sub.greeting}|${jsonencode(task.flow_run.sub.pair)}|${task.flow_run.sub.code + 1}|${task.flow_run.sub.path}'"
  }
}
HCL
rf -j 1 top.hcl >out 2>err
is "$?" 0 "a flow_run task whose sub-flow succeeds succeeds"
is "$(cat out)" 'hello you 42 2
again: hello you 42 2
hello you 42 2|["again: hello you 42 2",41]|1|sub/hello.hcl' \
	"vars keep their types; exports of both blocks reach a later task with theirs"
is "$(log err | sed '$d')" 'Task "sub" is started.
Task "sub > hello" is started.
Task "sub > hello" is successful.
Task "sub > again" is started.
Task "sub > again" is successful.
Task "sub" is successful.
Task "after" is started.
Task "after" is successful.' 'sub-tasks log as "parent > child", inside their task'
like "$(tail -n 1 err)" '\] 2 succeeded, 0 failed, 0 canceled in ' \
	"the summary counts the top-level tasks"
is "$(grep -c 'succeeded, ' err)" 1 "the sub-flow logs no summary of its own"

# 6: the same flow as source text; $${ keeps a sub-flow reference literal.
cat >src.hcl <<'HCL'
flow "src" {
  task "flow_run" "inline" {
    source = <<-EOT
      flow "inline" {
        variable "who" {}
        task "bash_run" "hello" {
          command = "echo hi $${var.who}"
        }
      }
    EOT
    vars = { who = "there" }
    export { said = "upper(task.bash_run.hello.stdout)" }
  }
  task "bash_run" "after" {
    command = "echo '${task.flow_run.inline.said}'"
  }
}
HCL
rf -j 2 src.hcl >out 2>err
is "$(cat out)" 'hi there
HI THERE' "source: the flow's text runs, with vars and an export expression"

# 7: a relative path is taken from the current folder, as runflow does.
mkdir elsewhere
cp top.hcl elsewhere/top.hcl
rf -j 1 elsewhere/top.hcl >out 2>err
is "$?" 0 "path is relative to the current folder, not to the flow file"
(cd elsewhere && rf -j 1 top.hcl >../out 2>../err)
like "$(cat err)" "cannot read flow file 'sub/hello\.hcl': No such file or directory" \
	"so from another folder the same flow cannot find it"

# 8: nested flow_run tasks log their whole chain.
cat >nest.hcl <<'HCL'
flow "nest" {
  task "flow_run" "a" {
    source = <<-EOT
      flow "mid" {
        task "flow_run" "b" {
          source = "flow \"leaf\" {\n task \"bash_run\" \"c\" { command = \"echo leaf\" }\n}"
          export { out = "task.bash_run.c.stdout" }
        }
      }
    EOT
    export { out = "task.flow_run.b.out" }
  }
  task "bash_run" "after" { command = "echo got ${task.flow_run.a.out}" }
}
HCL
rf -j 1 nest.hcl >out 2>err
is "$(cat out)" 'leaf
got leaf' "an export of a nested flow_run passes up two levels"
is "$(log err | sed '$d')" 'Task "a" is started.
Task "a > b" is started.
Task "a > b > c" is started.
Task "a > b > c" is successful.
Task "a > b" is successful.
Task "a" is successful.
Task "after" is started.
Task "after" is successful.' "nested sub-tasks log as \"a > b > c\""

# 9-10: variables: environment still counts, undeclared names are errors.
RUNFLOW_VAR_who=env rf -j 1 src.hcl >/dev/null 2>err
like "$(cat err)" 'Task "inline" is successful' "vars win over RUNFLOW_VAR_"
cat >badvar.hcl <<'HCL'
flow "badvar" {
  task "flow_run" "sub" {
    path = "sub/hello.hcl"
    vars = { whom = "x" }
  }
}
HCL
rf badvar.hcl >out 2>err
is "$?" 1 "a var the sub-flow does not declare fails the task"
is "$(sed -n '/is failed/,$p' err | sed '1d;$d')" "    error: a value is given for variable 'whom', which the flow does not declare
    did you mean 'who'?" "with the name and a suggestion"

# 11: a required variable the task does not give.
cat >req.hcl <<'HCL'
flow "req" {
  task "flow_run" "sub" {
    source = "flow \"r\" {\n  variable \"need\" { required = true }\n}"
  }
}
HCL
rf req.hcl >out 2>err
like "$(cat err)" "task\.flow_run\.sub\.source:2:12: error: variable 'need' is required and has no value" \
	"a required sub-flow variable without a value fails, located in the source text"
like "$(cat err)" "give it a value in 'vars' or with RUNFLOW_VAR_need" \
	"the hint names vars"

# 12-13: a sub-flow with no tasks; exports of plain expressions.
cat >empty.hcl <<'HCL'
flow "e" {
  task "flow_run" "nothing" {
    source = "flow \"none\" {\n variable \"x\" { default = 5 }\n}"
    export {
      doubled = "var.x * 2"
      obj = "{ a = var.x, b = [true, null] }"
    }
  }
  task "bash_run" "after" {
    command = "echo '${task.flow_run.nothing.doubled} ${jsonencode(task.flow_run.nothing.obj)}'"
  }
}
HCL
rf empty.hcl >out 2>err
is "$?" 0 "a sub-flow without tasks succeeds"
is "$(cat out)" '10 {"a":5,"b":[true,null]}' \
	"exports may be any expression over the sub-flow's variables"

# 14: _retry reruns the whole sub-flow.
cat >retry.hcl <<HCL
flow "retry" {
  task "flow_run" "flaky" {
    source = "flow \"f\" {\\n task \"bash_run\" \"try\" { command = \"echo x >>$TAP_TMP/tries; [ \$(wc -l <$TAP_TMP/tries) -ge 2 ]\" }\\n}"
    _retry = { stop_after = "3 times", wait = wait_fixed(0.1) }
  }
}
HCL
rm -f tries
rf retry.hcl >out 2>err
is "$?:$(wc -l <tries | tr -d ' ')" "0:2" "_retry on a flow_run task reruns its sub-flow"
