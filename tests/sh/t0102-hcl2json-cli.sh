#!/bin/sh
# 'runflow hcl2json' as a command: standard input, options, exit statuses.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 14

out=$(printf 'a = 1\n' | "$RUNFLOW" hcl2json -)
is "$out" '{
    "a": 1
}' "- reads standard input"

printf 'a = [\n' >"$TAP_TMP/bad.hcl"
"$RUNFLOW" hcl2json "$TAP_TMP/bad.hcl" >"$TAP_TMP/out" 2>"$TAP_TMP/err"
is "$?" 2 "a syntax error exits 2"
is "$(cat "$TAP_TMP/out")" "" "nothing is printed on stdout after an error"
is "$(head -n 1 "$TAP_TMP/err")" \
    "$TAP_TMP/bad.hcl:1:5: error: unclosed '[': this tuple has no matching ']'" \
    "the error names the file, line and column"

out=$(printf 'a = [\n' | "$RUNFLOW" hcl2json --diagnostics-format json - 2>&1 >/dev/null)
is "$out" '[{"severity":"error","summary":"unclosed '"'"'['"'"': this tuple has no matching '"'"']'"'"'","detail":"add the missing '"'"']'"'"'","range":{"filename":"<stdin>","start":{"line":1,"column":5,"byte":4},"end":{"line":1,"column":6,"byte":5}}}]' \
    "--diagnostics-format json gives the record with exact positions"

"$RUNFLOW" hcl2json "$TAP_TMP/missing.hcl" 2>"$TAP_TMP/err"
is "$?" 2 "a missing file exits 2"
is "$(cat "$TAP_TMP/err")" \
    "runflow: cannot read '$TAP_TMP/missing.hcl': No such file or directory" \
    "a missing file is named with the system's reason"

"$RUNFLOW" hcl2json 2>/dev/null
is "$?" 2 "no FILE is a usage error"
"$RUNFLOW" hcl2json --diagnostics-format=xml x.hcl 2>"$TAP_TMP/err"
like "$(cat "$TAP_TMP/err")" "unknown diagnostics format 'xml'" \
    "an unknown diagnostics format is refused"

printf 'a = 1\na {}\n' | "$RUNFLOW" hcl2json - >/dev/null 2>"$TAP_TMP/err"
like "$(cat "$TAP_TMP/err")" \
    "^<stdin>:2:1: error: block 'a' cannot be shown as JSON: an attribute has the same name" \
    "a block named like an attribute is reported, not merged"
# A named pipe is opened once: its writer must find the reader there.
mkfifo "$TAP_TMP/fifo"
printf 'a = 1\n' >"$TAP_TMP/fifo" &
writer=$!
out=$(timeout 10 "$RUNFLOW" hcl2json "$TAP_TMP/fifo")
is "$out" '{
    "a": 1
}' "a named pipe is read"
wait "$writer"
is "$?" 0 "the pipe's writer ends well (no SIGPIPE)"

# A file of a whole number of pages has no room for the NUL after the
# text in its mapping: it is read instead, with the same result.
awk 'BEGIN { printf "a = \""; for (i = 0; i < 4096 - 7; i++) printf "x"; printf "\"\n" }' \
    >"$TAP_TMP/page.hcl"
cp "$TAP_TMP/page.hcl" "$TAP_TMP/page1.hcl"
printf '\n' >>"$TAP_TMP/page1.hcl"
"$RUNFLOW" hcl2json "$TAP_TMP/page.hcl" >"$TAP_TMP/page.json"
"$RUNFLOW" hcl2json "$TAP_TMP/page1.hcl" >"$TAP_TMP/page1.json"
is "$(wc -c <"$TAP_TMP/page.hcl") $(grep -c x "$TAP_TMP/page.json")" "4096 1" \
    "a file of exactly 4096 bytes is read"
ok "cmp '$TAP_TMP/page.json' '$TAP_TMP/page1.json'" \
    "it gives what the same text of 4097 bytes (mapped) gives"
done_testing
