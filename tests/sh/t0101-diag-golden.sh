#!/bin/sh
# Golden diagnostics: 'runflow hcl2json tests/diag/NNN-x.hcl' must exit 2,
# print nothing on stdout and exactly NNN-x.err on stderr.  A few are also
# checked as JSON diagnostics, with exact positions.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir

cd "$top_srcdir/tests/diag" || bail "no tests/diag"
n=0
for f in *.hcl; do
	n=$((n + 1))
done
plan $((n + 4))

for f in *.hcl; do
	name=${f%.hcl}
	"$RUNFLOW" hcl2json "$f" >"$TAP_TMP/out" 2>"$TAP_TMP/err"
	rc=$?
	if [ "$rc" -eq 2 ] && [ ! -s "$TAP_TMP/out" ] &&
	    cmp -s "$TAP_TMP/err" "$name.err"; then
		tap_result 0 "$name"
	else
		tap_result 1 "$name"
		diag "exit status $rc"
		diag "$(diff "$name.err" "$TAP_TMP/err" | head -20)"
	fi
done

# JSON diagnostics: start and exclusive end as {line, column, byte}.
json() {
	"$RUNFLOW" hcl2json --diagnostics-format=json "$1" 2>&1 >/dev/null
}
range() {	# range FILE START_L START_C START_B END_L END_C END_B
	printf '"range":{"filename":"%s","start":{"line":%s,"column":%s,"byte":%s},"end":{"line":%s,"column":%s,"byte":%s}}' \
	    "$@"
}
like "$(json 003-duplicate-attribute.hcl)" \
    "\"summary\":\"attribute 'name' is already defined\".*$(range 003-duplicate-attribute.hcl 3 1 21 3 5 25)" \
    "JSON: the duplicate attribute's name, bytes 21-25"
like "$(json 006-one-line-brace-on-next-line.hcl)" \
    "$(range 006-one-line-brace-on-next-line.hcl 1 10 9 2 1 10)" \
    "JSON: the newline that ends a one-line block too early"
out=$(json 014-several-errors.hcl)
is "$(printf '%s' "$out" | grep -o '"summary"' | wc -l | tr -d ' ')" 4 \
    "JSON: four independent errors, once each"
like "$out" "$(range 014-several-errors.hcl 7 6 44 7 7 45)" \
    "JSON: the unclosed '(' of line 7, bytes 44-45"
done_testing
