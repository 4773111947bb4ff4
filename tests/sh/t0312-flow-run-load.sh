#!/bin/sh
# flow_run arguments checked when the flow loads: path or source, runflow's
# module as a clear error, the export block's form and values.  Each case
# exits 2 before any task runs.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 11
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

# check NAME BODY EXPECTED DESCRIPTION: a flow holding BODY fails to load
# with EXPECTED as its diagnostics, and runs nothing.
check() {
	printf 'flow "f" {\n%s\n  task "bash_run" "ran" { command = "touch %s/ran" }\n}\n' \
	    "$2" "$TAP_TMP" >"$1.hcl"
	rm -f ran
	"$RUNFLOW" run --config="$TAP_TMP/empty.ini" "$1.hcl" >out 2>err
	rc=$?
	is "$rc:$([ -e ran ] && echo ran)|$(cat err)" "2:|$3" "$4"
}

check module '  task "flow_run" "m" {
    module = "examples.hello"
  }' "module.hcl:3:5: error: argument 'module' (a flow imported from a Python module) is not supported
    3 |     module = \"examples.hello\"
      |     ^~~~~~
give the flow file as 'path', or its text as 'source'" \
	"module (a Python import in runflow) is a clear error"

check both '  task "flow_run" "b" {
    path = "a.hcl"
    source = "flow \"x\" {}"
  }' "both.hcl:4:5: error: give 'path' or 'source', not both
    4 |     source = \"flow \\\"x\\\" {}\"
      |     ^~~~~~" "path and source together are an error"

check neither '  task "flow_run" "n" {
    vars = {}
  }' "neither.hcl:2:19: error: a 'flow_run' task needs 'path' (a flow file) or 'source' (a flow's text)
    2 |   task \"flow_run\" \"n\" {
      |                   ^~~" "a flow_run task needs path or source"

check exports '  task "flow_run" "e" {
    path = "a.hcl"
    exports = { a = "task.bash_run.x.stdout" }
  }' "exports.hcl:4:5: error: 'exports' is written as a block: export { NAME = \"task.TYPE.NAME.ATTR\" }
    4 |     exports = { a = \"task.bash_run.x.stdout\" }
      |     ^~~~~~~" "the old exports map points to the export block"

check attr '  task "flow_run" "e" {
    path = "a.hcl"
    export = { a = "task.bash_run.x.stdout" }
  }' "attr.hcl:4:5: error: 'export' is a block in a 'flow_run' task: export { NAME = VALUE }
    4 |     export = { a = \"task.bash_run.x.stdout\" }
      |     ^~~~~~" "export written as an attribute is an error"

check labels '  task "flow_run" "e" {
    path = "a.hcl"
    export "x" { a = "task.bash_run.x.stdout" }
  }' "labels.hcl:4:12: error: 'export' blocks take no labels
    4 |     export \"x\" { a = \"task.bash_run.x.stdout\" }
      |            ^~~" "an export block takes no labels"

check nested '  task "flow_run" "e" {
    path = "a.hcl"
    export {
      inner {}
    }
  }' "nested.hcl:5:7: error: 'export' blocks hold only attributes: NAME = VALUE
    5 |       inner {}
      |       ^~~~~" "an export block holds no blocks"

check number '  task "flow_run" "e" {
    path = "a.hcl"
    export { a = 1 }
  }' "number.hcl:4:5: error: export 'a' must be a string holding an expression, not number
    4 |     export { a = 1 }
      |     ^~~~~~
for example \"task.bash_run.echo.stdout\", evaluated in the sub-flow" \
	"an export value must be a string"

check syntax '  task "flow_run" "e" {
    path = "a.hcl"
    export { a = "task.bash_run.(" }
  }' "syntax.hcl:4:5: error: export 'a' is not an expression: expected an attribute name after '.', found '('
    4 |     export { a = \"task.bash_run.(\" }
      |     ^~~~~~" "an export value must parse as an expression"

check dup '  task "flow_run" "e" {
    path = "a.hcl"
    export { a = "var.x" }
    export { a = "var.y" }
  }' "dup.hcl:5:14: error: duplicate object key 'a'
    5 |     export { a = \"var.y\" }
      |              ^" "a name exported twice across blocks is an error"

check other '  task "flow_run" "e" {
    path = "a.hcl"
    import {}
  }' "other.hcl:4:5: error: unexpected block 'import' in a task
    4 |     import {}
      |     ^~~~~~" "other blocks stay errors"
