#!/bin/sh
# HCL language cases: each tests/hcl/cases/NAME/input.hcl must print
# exactly NAME/expected.json through 'runflow hcl2json' and exit 0.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir

cases="$top_srcdir/tests/hcl/cases"
n=0
for dir in "$cases"/*/; do
	n=$((n + 1))
done
plan "$n"

for dir in "$cases"/*/; do
	name=$(basename "$dir")
	"$RUNFLOW" hcl2json "$dir/input.hcl" >"$TAP_TMP/out" 2>"$TAP_TMP/err"
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$TAP_TMP/err" ] &&
	    cmp -s "$TAP_TMP/out" "$dir/expected.json"; then
		tap_result 0 "$name"
	else
		tap_result 1 "$name"
		diag "exit status $rc"
		diag "$(cat "$TAP_TMP/err")"
		diag "$(diff "$dir/expected.json" "$TAP_TMP/out" | head -40)"
	fi
done
done_testing
