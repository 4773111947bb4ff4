#!/bin/sh
# The language cases of tests/hcl/eval-cases/*.cases, run through
# `runflow eval`.  A .cases file holds many cases:
#
#   === NAME [template]
#   the expression (or, with "template", a bare template); its final
#   newline is not part of it
#   --- vars            (optional) a JSON object for --vars
#   {"var": {"x": 1}}
#   --- value           the expected value, compact JSON (--compact)
#   {"a":1}
#
# or, instead of "--- value", "--- errors" followed by one line per
# expected diagnostic, in order: LINE:COLUMN: SUMMARY.  A value case must
# exit 0 with nothing on stderr; an error case must exit 2 and print
# nothing on stdout.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir

# Split every case into its own folder: name, input, vars, want, kind.
for f in "$top_srcdir"/tests/hcl/eval-cases/*.cases; do
	base=$(basename "$f" .cases)
	awk -v dir="$TAP_TMP" -v base="$base" '
	function flush() {
		if (n == 0)
			return
		d = dir "/" sprintf("%s-%03d", base, n)
		printf "%s", input > (d "/input"); close(d "/input")
		if (vars != "") { printf "%s", vars > (d "/vars"); close(d "/vars") }
		printf "%s", want > (d "/want"); close(d "/want")
		printf "%s\n", kind > (d "/kind"); close(d "/kind")
	}
	/^=== / {
		flush()
		n++
		d = dir "/" sprintf("%s-%03d", base, n)
		system("mkdir -p \"" d "\"")
		hdr = substr($0, 5)
		tpl = (hdr ~ / template$/)
		if (tpl)
			sub(/ template$/, "", hdr)
		printf "%s: %s\n", base, hdr > (d "/name"); close(d "/name")
		if (tpl) { printf "" > (d "/template"); close(d "/template") }
		sect = "input"; input = ""; vars = ""; want = ""; kind = ""
		first = 1
		next
	}
	n == 0 { next }
	/^--- vars$/ { sect = "vars"; next }
	/^--- value$/ { sect = "want"; kind = "value"; next }
	/^--- errors$/ { sect = "want"; kind = "errors"; next }
	{
		if (sect == "input") {
			input = first ? $0 : input "\n" $0
			first = 0
		} else if (sect == "vars")
			vars = vars $0 "\n"
		else
			want = want $0 "\n"
	}
	END { flush() }
	' "$f"
done

for d in "$TAP_TMP"/*/; do
	d=${d%/}
	name=$(cat "$d/name")
	kind=$(cat "$d/kind")
	set --
	[ -f "$d/vars" ] && set -- "$@" --vars "$d/vars"
	[ -f "$d/template" ] && set -- "$@" --template
	(cd "$d" && "$RUNFLOW" eval --compact "$@" input >out 2>err)
	rc=$?
	if [ "$kind" = value ]; then
		if [ $rc -eq 0 ] && [ ! -s "$d/err" ] && cmp -s "$d/out" "$d/want"
		then
			tap_result 0 "$name"
		else
			tap_result 1 "$name"
			diag "exit $rc" "expected: $(cat "$d/want")" \
			    "     got: $(cat "$d/out")" "$(cat "$d/err")"
		fi
	else
		sed -n 's/^input:\([0-9]*:[0-9]*\): error: /\1: /p' "$d/err" \
		    >"$d/got"
		if [ $rc -eq 2 ] && [ ! -s "$d/out" ] && cmp -s "$d/got" "$d/want"
		then
			tap_result 0 "$name"
		else
			tap_result 1 "$name"
			diag "exit $rc" "expected: $(cat "$d/want")" \
			    "     got: $(cat "$d/got")" "$(cat "$d/out")"
		fi
	fi
done
done_testing
