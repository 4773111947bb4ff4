#!/bin/sh
# hcl2json --eval: every attribute evaluated, with --vars; errors before
# any output, exit 2.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
cd "$TAP_TMP" || bail "no scratch folder"
plan 7

printf 'a = upper("x")\nb = var.n + 1\nc = "${var.s}-${1+1}"\nblk "l" {\n  d = [for i in range(3): i*2]\n}\n' >e.hcl
echo '{"var": {"n": 41, "s": "hi"}}' >v.json
out=$("$RUNFLOW" hcl2json --eval --vars v.json e.hcl)
is "$?" 0 "--eval with --vars exits 0"
is "$(printf '%s' "$out" | tr -d ' \n')" '{"a":"X","b":42,"blk":{"l":[{"d":[0,2,4]}]},"c":"hi-2"}' \
	"every attribute, in blocks too, is evaluated"
out=$("$RUNFLOW" hcl2json e.hcl)
like "$out" '"b": "\$\{var.n \+ 1\}"' "without --eval expressions stay as source"

"$RUNFLOW" hcl2json --eval e.hcl >out 2>err
is "$?" 2 "an unknown variable exits 2"
is "$(cat out)" "" "and nothing is written"
is "$(grep -c error: err)" 2 "both uses are reported"
"$RUNFLOW" hcl2json --vars v.json e.hcl 2>err
like "$(cat err)" "'--vars' goes with '--eval'" "--vars alone is a usage error"
done_testing
