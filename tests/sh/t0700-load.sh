#!/bin/sh
# Loading a flow: every problem is a located error, all in one pass, exit
# status 2, and nothing runs.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
cd "$TAP_TMP" || bail "no scratch folder"
plan 21

cat >bad.hcl <<'HCL'
flow "bad" {
  variable "who" {
    required = true
  }
  import {
    module = "x"
  }
  task "bash_rnu" "a" {
    command = "true"
  }
  task "bash_run" "b" {
    command = "echo ${var.whom} > ran-b"
    comand = "x"
  }
  task "bash_run" "b" {
    command = "true"
  }
  task "bash_run" "c" {
    command = task.bash_run.nosuch.stdout
  }
  task "file_write" "d" {
    filename = "written"
    content = "x"
  }
}
HCL
"$RUNFLOW" run bad.hcl >out 2>err
is "$?" 2 "an invalid flow exits 2"
is "$(grep -c 'error:' err)" 7 "all seven errors are reported in one pass"
is "$(grep 'error:' err)" "bad.hcl:2:12: error: variable 'who' is required and has no value
bad.hcl:5:3: error: 'import' blocks are not supported
bad.hcl:8:8: error: unknown task type 'bash_rnu'
bad.hcl:12:23: error: unknown variable 'whom'
bad.hcl:13:5: error: unknown argument 'comand' for task type 'bash_run'
bad.hcl:15:19: error: duplicate task 'task.bash_run.b'
bad.hcl:19:15: error: unknown task 'task.bash_run.nosuch'" "each error names file, line and column, in order"
like "$(cat err)" "did you mean 'bash_run'\\?" "an unknown type suggests the nearest"
ok "[ ! -e written ] && [ ! -e ran-b ]" "nothing ran and no file was written"
is "$(cat out)" "" "nothing on stdout"

cat >cycle.hcl <<'HCL'
flow "cycle" {
  task "bash_run" "a" {
    command = "echo ${task.bash_run.c.stdout}"
  }
  task "bash_run" "b" {
    command = "echo ${task.bash_run.a.stdout}"
  }
  task "bash_run" "c" {
    command = "echo ${task.bash_run.b.stdout}"
    _depends_on = [task.bash_run.b]
  }
}
HCL
"$RUNFLOW" run cycle.hcl 2>err
is "$?" 2 "a cycle exits 2"
like "$(head -n 1 err)" "^cycle.hcl:3:23: error: dependency cycle: task.bash_run.a -> task.bash_run.c -> task.bash_run.b -> task.bash_run.a$" \
	"the cycle error names the tasks of the cycle"

cat >vars.hcl <<'HCL'
flow "vars" {
  variable "a" {
    default = "from-default"
  }
  variable "b" {
    default = "from-default"
  }
  variable "c" {
    default = "from-default"
  }
  variable "d" {
    default = "from-default"
  }
  task "file_write" "out" {
    filename = "/dev/stdout"
    content = "${var.a} ${var.b} ${var.c} ${var.d}"
  }
}
HCL
printf 'a = "from-file-1"\nb = "from-file-1"\nc = "from-file-1"\n' >one.hcl
printf 'a = "from-file-2"\nb = "from-file-2"\n' >two.hcl
out=$(RUNFLOW_VAR_a=from-env RUNFLOW_VAR_b=from-env RUNFLOW_VAR_c=from-env \
	RUNFLOW_VAR_d=from-env "$RUNFLOW" run vars.hcl --var-file one.hcl \
	--var-file two.hcl --var a=from-var=with-equals 2>/dev/null)
is "$out" "from-var=with-equals from-file-2 from-file-1 from-env" \
	"--var beats --var-file (later files win) beats RUNFLOW_VAR_ beats default"
out=$("$RUNFLOW" run vars.hcl 2>/dev/null)
is "$out" "from-default from-default from-default from-default" "defaults apply"

"$RUNFLOW" run vars.hcl --var nosuch=1 2>err
is "$?" 2 "--var for an undeclared variable exits 2"
like "$(cat err)" "--var names variable 'nosuch', which the flow does not declare" \
	"and says which"

RUNFLOW_VAR_b=$(printf 'ok\303') "$RUNFLOW" run vars.hcl 2>err
is "$?" 2 "a RUNFLOW_VAR_ value that is not UTF-8 exits 2"
is "$(cat err)" "runflow: error: environment variable 'RUNFLOW_VAR_b' is not valid UTF-8: byte 3 of its value is 0xc3" \
	"and says which byte"

printf 'zz = 1\n' >undeclared.hcl
"$RUNFLOW" run vars.hcl --var-file undeclared.hcl 2>err
like "$(cat err)" "^undeclared.hcl:1:1: error: variable 'zz' is not declared in the flow" \
	"a --var-file naming an undeclared variable is located"

cat >checks.hcl <<'HCL'
flow "checks" {
  task "bash_run" "a" {
    command = "true"
    _retries = 3
  }
  task "bash_run" "b" {
    command = "echo ${task.bash_run.a.stdoot} ${task.bash_run.a.command}"
    _depends_on = ["task.bash_run.a", 1 == 1]
  }
}
HCL
"$RUNFLOW" run checks.hcl 2>err
is "$?" 2 "load-time checks of arguments, results and conditions exit 2"
is "$(grep error: err)" "checks.hcl:4:5: error: unknown argument '_retries' for task type 'bash_run'
checks.hcl:7:38: error: unsupported attribute 'stdoot'
checks.hcl:8:20: error: a '_depends_on' condition must be true or false, not string" \
	"an unknown _ argument, a result attribute no task has, a string condition"
like "$(cat err)" "did you mean '_retry'\?" "the _ argument gets a suggestion"
like "$(cat err)" "did you mean 'stdout'\?" "so does the result attribute"

printf 'a = upper(var.b)\n' >refers.hcl
"$RUNFLOW" run vars.hcl --var-file refers.hcl 2>err
is "$(cat err)" "refers.hcl:1:11: error: a value in a variable file cannot refer to variables
    1 | a = upper(var.b)
      |           ^~~~~
it is read before any variable has a value or any task has run: write the value itself" \
	"a variable file's value cannot use variables"

out=$(printf 'flow "s" {\n task "file_write" "w" {\n  filename = "/dev/stdout"\n  content = "from stdin"\n }\n}\n' |
	"$RUNFLOW" run - 2>/dev/null)
is "$out" "from stdin" "FLOW '-' reads standard input"
done_testing
