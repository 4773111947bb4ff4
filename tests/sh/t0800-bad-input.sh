#!/bin/sh
# The bad-input corpus: broken or hostile flows and command lines.  Each
# one must make 'runflow run' exit 2 with exactly the expected diagnostics,
# print nothing on stdout, start no docker, and leave no file behind.
#
# Stored cases are tests/bad/NNN-what.hcl with:
#   NNN-what.err   the exact expected stderr
#   NNN-what.args  optional: extra arguments, one a line, after FLOW; in
#                  each line '$TESTBIN' is the test kit folder and the
#                  escapes of printf's %b are read (\n, \t, \\, \0NNN)
# A case runs in a scratch folder holding copies of its own NNN-what.*
# files, so diagnostics name them relative to it; afterwards that folder
# must hold exactly the same files.  Every run gets '--docker' the fake
# docker, whose log folder must stay empty.
#
# Generated cases (deep nesting, 10 MB values, FIFOs, folders, missing
# paths) are built here at test time and checked the same way.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir

bad=$top_srcdir/tests/bad
[ -d "$bad" ] || bail "no tests/bad"
[ -x "$TESTBIN/docker" ] || bail "no fake docker in $TESTBIN"
PATH=$TESTBIN:$PATH
export PATH
unset RUNFLOW_DOCKER RUNFLOW_CONFIG
# No settings file of the machine's user may change what runflow does.
HOME=$TAP_TMP/home
XDG_CONFIG_HOME=$TAP_TMP/home/.config
export HOME XDG_CONFIG_HOME
mkdir -p "$HOME"

no_plan

case_dir=$TAP_TMP/case
log=$TAP_TMP/log

# run_case NAME [ARG]...: run 'runflow run' in $case_dir (already filled)
# with the fake docker and an empty log; leaves $rc, out and err in $TAP_TMP.
run_case() {
	_name=$1
	shift
	rm -rf "$log"
	mkdir "$log"
	(cd "$case_dir" && ls -A) >"$TAP_TMP/before"
	(cd "$case_dir" && FAKE_DOCKER_LOG=$log "$RUNFLOW" run \
	    --docker "$TESTBIN/docker" "$@") \
	    >"$TAP_TMP/out" 2>"$TAP_TMP/err" </dev/null
	rc=$?
	(cd "$case_dir" && ls -A) >"$TAP_TMP/after"
}

# known_bug NAME: the reason NAME is listed in tests/bad/known-bugs, or
# nothing.
known_bug() {
	awk -F '\t' -v n="$1" '$1 == n { print $2 }' "$bad/known-bugs"
}

# check_case NAME EXPECTED_ERR_FILE: one test point for the last run_case;
# a TODO point for a known bug.
check_case() {
	_why=
	_todo=$(known_bug "$1")
	[ "$rc" -eq 2 ] || _why="exit status $rc, not 2"
	[ -s "$TAP_TMP/out" ] && _why="$_why; output on stdout"
	# Only 'docker --version' may have run: it tells docker from podman.
	_ran=$(cd "$log" && grep -L '^subcommand=version$' ./*.meta 2>/dev/null)
	[ -n "$_ran" ] && _why="$_why; docker ran: $(echo $_ran)"
	cmp -s "$TAP_TMP/before" "$TAP_TMP/after" ||
	    _why="$_why; files appeared: $(comm -13 "$TAP_TMP/before" "$TAP_TMP/after" | tr '\n' ' ')"
	cmp -s "$2" "$TAP_TMP/err" || _why="$_why; stderr differs"
	if [ -n "$_todo" ]; then
		tap_n=$((tap_n + 1))
		[ -z "$_why" ] || printf 'not '
		echo "ok $tap_n - $1 # TODO $_todo"
		[ -z "$_why" ] || diag "${_why#; }"
		return
	fi
	if [ -z "$_why" ]; then
		tap_result 0 "$1"
		return
	fi
	tap_result 1 "$1"
	diag "${_why#; }"
	cmp -s "$2" "$TAP_TMP/err" ||
	    diag "$(diff "$2" "$TAP_TMP/err" | head -20 | cut -c 1-200)"
}

# fresh_dir: an empty $case_dir.
fresh_dir() {
	rm -rf "$case_dir"
	mkdir "$case_dir"
}

# The stored cases.
for f in "$bad"/[0-9]*.hcl; do
	name=${f##*/}
	name=${name%.hcl}
	fresh_dir
	cp "$bad/$name".* "$case_dir/"
	set -- "$name.hcl"
	if [ -f "$bad/$name.args" ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			line=$(printf '%s' "$line" | sed "s|\\\$TESTBIN|$TESTBIN|g")
			# The x keeps trailing newlines the command
			# substitution would drop.
			arg=$(printf '%bx' "$line")
			set -- "$@" "${arg%x}"
		done <"$bad/$name.args"
	fi
	run_case "$name" "$@"
	check_case "$name" "$bad/$name.err"
done

# ---- Generated cases ------------------------------------------------

# repeat N TEXT: TEXT N times, without a newline.
repeat() {
	awk -v n="$1" -v s="$2" 'BEGIN { while (n-- > 0) printf "%s", s }'
}

# check_first NAME ERE: exit 2, nothing ran, and the first line of stderr
# matches ERE (for cases whose excerpts are megabytes long).
check_first() {
	head -n 1 "$TAP_TMP/err" >"$TAP_TMP/expected"
	if printf '%s\n' "$(cat "$TAP_TMP/expected")" | grep -Eq -- "$2"; then
		cp "$TAP_TMP/err" "$TAP_TMP/expected"
	else
		printf '%s\n' "a first line matching: $2" >"$TAP_TMP/expected"
	fi
	check_case "$1" "$TAP_TMP/expected"
}

# check_text NAME TEXT: check_case with TEXT (and a newline) as the
# expected stderr.
check_text() {
	printf '%s\n' "$2" >"$TAP_TMP/expected"
	check_case "$1" "$TAP_TMP/expected"
}

# deep NAME N OPEN CLOSE: a flow whose command is N times OPEN, 1, and N
# times CLOSE, all on line 3.
deep() {
	fresh_dir
	{
		printf 'flow "deep" {\n  task "bash_run" "a" {\n    command = '
		repeat "$2" "$3"
		printf '1'
		repeat "$2" "$4"
		printf '\n  }\n  task "file_write" "w" {\n    filename = "written"\n    content  = "x"\n  }\n}\n'
	} >"$case_dir/deep.hcl"
	run_case "$1" deep.hcl
}

# Nesting: the parser stops at its depth limit (512) and the evaluator at
# its own (1000), with a located message, never a stack overflow.
nest='^deep\.hcl:3:[0-9]+: error: nesting is too deep \(more than 512 levels\)$'
evalnest='^deep\.hcl:3:[0-9]+: error: expression is nested too deeply to evaluate \(more than 1000 levels\)$'
deep "100000 nested '['" 100000 '[' ']'
check_first "100000 nested '['" "$nest"
deep "100000 nested '('" 100000 '(' ')'
check_first "100000 nested '('" "$nest"
deep "100000 nested '!'" 100000 '!' ''
check_first "100000 nested '!'" "$nest"
deep "100000 nested '-'" 100000 '-' ''
check_first "100000 nested '-'" "$nest"
deep "100000 nested objects" 100000 '{a=' '}'
check_first "100000 nested objects" "$nest"
deep "100000 nested calls" 100000 'upper(' ')'
check_first "100000 nested calls" "$nest"
deep "100000 nested interpolations" 100000 '"${' '}"'
check_first "100000 nested interpolations" "$nest"
deep "100000 nested for expressions" 100000 '[for x in ' ' : x]'
check_first "100000 nested for expressions" "$nest"
deep "10000 nested conditionals" 10000 'true ? ' ' : 0'
check_first "10000 nested conditionals" "$evalnest|$nest"
deep "1000000 nested conditionals" 1000000 'true ? ' ' : 0'
check_first "1000000 nested conditionals" "$evalnest|$nest"
deep "1000000 chained conditionals" 1000000 '' ' ? 1 : 1'
check_first "1000000 chained conditionals" "$evalnest|$nest"
deep "1000000 additions" 1000000 '' ' + 1'
check_first "1000000 additions" "$evalnest|$nest"
deep "1000000 indexes" 1000000 '' '[0]'
check_first "1000000 indexes" "$evalnest|$nest"
deep "1000000 attribute steps" 1000000 '' '.a'
check_first "1000000 attribute steps" "$evalnest|$nest"

# The same limit in a --var-file.
fresh_dir
cp "$bad/300-var-undeclared.hcl" "$case_dir/flow.hcl"
{
	printf 'size = '
	repeat 100000 '['
	printf '\n'
} >"$case_dir/deep.vars"
run_case "100000 nested '[' in a --var-file" flow.hcl --var-file deep.vars
check_first "100000 nested '[' in a --var-file" \
    '^deep\.vars:1:[0-9]+: error: nesting is too deep \(more than 512 levels\)$'

# A 10 MB string, then a mistake: both found, quickly.
fresh_dir
{
	printf 'flow "big" {\n  task "bash_run" "a" {\n    command = "'
	head -c 10485760 /dev/zero | tr '\0' a
	printf '"\n  }\n  task "bash_rnu" "b" {\n    command = "true"\n  }\n}\n'
} >"$case_dir/big.hcl"
run_case "a 10 MB string" big.hcl
check_text "a 10 MB string" "big.hcl:5:8: error: unknown task type 'bash_rnu'
    5 |   task \"bash_rnu\" \"b\" {
      |        ^~~~~~~~~~
did you mean 'bash_run'?"

# check_first_is NAME FILE: exit 2, nothing ran, and the first line of
# stderr is the one line in FILE.
check_first_is() {
	head -n 1 "$TAP_TMP/err" >"$TAP_TMP/err1"
	if cmp -s "$TAP_TMP/err1" "$2"; then
		cp "$TAP_TMP/err" "$2"
	fi
	check_case "$1" "$2"
}

# clipped LEAD PREFIX N CHAR SUFFIX: the line LEAD, then the message
# PREFIX, N times CHAR and SUFFIX as a diagnostic shortens it: its first
# and last 400 bytes around the count of the bytes left out.
clipped() {
	_len=$((${#2} + $3 + ${#5}))
	printf '%s%s' "$1" "$2"
	repeat $((400 - ${#2})) "$4"
	printf '\342\200\246 (%d bytes not shown) \342\200\246' $((_len - 800))
	repeat $((400 - ${#5})) "$4"
	printf '%s\n' "$5"
}

# A 10 MB value from a --var-file that is not a size.
fresh_dir
cp "$bad/300-var-undeclared.hcl" "$case_dir/flow.hcl"
{
	printf 'size = "'
	repeat 10485760 1
	printf 'x"\n'
} >"$case_dir/big.vars"
run_case "a 10 MB --var-file value" flow.hcl --var-file big.vars
clipped "flow.hcl:7:17: error: " "invalid size '" 10485760 1 \
    "x' for 'mem_limit': the unit must be b, k, m or g" >"$TAP_TMP/expected"
check_first_is "a 10 MB --var-file value" "$TAP_TMP/expected"

# A --var value as long as one argument may be (128 KiB on Linux).
fresh_dir
cp "$bad/300-var-undeclared.hcl" "$case_dir/flow.hcl"
run_case "a 120000-byte --var value" flow.hcl --var "size=$(repeat 120000 9)t"
clipped "flow.hcl:7:17: error: " "invalid size '" 120000 9 \
    "t' for 'mem_limit': the unit must be b, k, m or g" >"$TAP_TMP/expected"
check_first_is "a 120000-byte --var value" "$TAP_TMP/expected"

# FLOW that is not a readable file.
fresh_dir
mkdir "$case_dir/folder.hcl"
run_case "FLOW is a folder" folder.hcl
check_text "FLOW is a folder" \
    "runflow: cannot read flow file 'folder.hcl': Is a directory"
fresh_dir
run_case "FLOW in a missing folder" no-such-folder/flow.hcl
check_text "FLOW in a missing folder" \
    "runflow: cannot read flow file 'no-such-folder/flow.hcl': No such file or directory"
fresh_dir
: >"$case_dir/file.hcl"
run_case "FLOW under a file" file.hcl/flow.hcl
check_text "FLOW under a file" \
    "runflow: cannot read flow file 'file.hcl/flow.hcl': Not a directory"
fresh_dir
run_case "FLOW is /dev/null" /dev/null
check_text "FLOW is /dev/null" \
    "/dev/null:1:1: error: no 'flow' block: a flow file holds flow \"NAME\" { ... }
    1 | 
      | ^"

# A FIFO is read like a file (as <(command) gives one): its writer sends a
# bad flow and closes.  timeout guards against a hang.
fresh_dir
mkfifo "$case_dir/fifo.hcl"
cp "$bad/114-misspelt-task-type.hcl" "$TAP_TMP/fifo-content"
(cat "$TAP_TMP/fifo-content" >"$case_dir/fifo.hcl") &
writer=$!
rm -rf "$log"
mkdir "$log"
(cd "$case_dir" && ls -A) >"$TAP_TMP/before"
(cd "$case_dir" && FAKE_DOCKER_LOG=$log timeout 20 "$RUNFLOW" run \
    --docker "$TESTBIN/docker" fifo.hcl) >"$TAP_TMP/out" 2>"$TAP_TMP/err" \
    </dev/null
rc=$?
wait "$writer"
(cd "$case_dir" && ls -A) >"$TAP_TMP/after"
sed 's/^114-misspelt-task-type\.hcl:/fifo.hcl:/' \
    "$bad/114-misspelt-task-type.err" >"$TAP_TMP/expected"
check_case "FLOW is a FIFO" "$TAP_TMP/expected"

# FLOW '-': a bad flow on standard input.
fresh_dir
rm -rf "$log"
mkdir "$log"
(cd "$case_dir" && ls -A) >"$TAP_TMP/before"
(cd "$case_dir" && FAKE_DOCKER_LOG=$log "$RUNFLOW" run \
    --docker "$TESTBIN/docker" -) >"$TAP_TMP/out" 2>"$TAP_TMP/err" \
    <"$bad/114-misspelt-task-type.hcl"
rc=$?
(cd "$case_dir" && ls -A) >"$TAP_TMP/after"
sed 's/^114-misspelt-task-type\.hcl:/<stdin>:/' \
    "$bad/114-misspelt-task-type.err" >"$TAP_TMP/expected"
check_case "FLOW is standard input" "$TAP_TMP/expected"

done_testing
