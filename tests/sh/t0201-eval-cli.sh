#!/bin/sh
# runflow eval: output format, --vars, --template, standard input,
# diagnostics and exit statuses.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 27
cd "$TAP_TMP" || bail "no scratch folder"

printf '{b = [1, {c = "x"}], a = [], e = {}, n = null}\n' >obj.hcl
out=$("$RUNFLOW" eval obj.hcl)
is "$?" 0 "a value exits 0"
is "$out" '{
  "a": [],
  "b": [
    1,
    {
      "c": "x"
    }
  ],
  "e": {},
  "n": null
}' "pretty JSON with two-space indents, keys in order"

out=$("$RUNFLOW" eval --compact obj.hcl)
is "$out" '{"a":[],"b":[1,{"c":"x"}],"e":{},"n":null}' "--compact prints one line"

out=$(printf '1 + 2' | "$RUNFLOW" eval -)
is "$out" 3 "'-' reads standard input"

printf '{"var": {"name": "web", "n": 2}, "extra": [1, 2]}' >vars.json
printf '"${var.name}-${var.n * 2}"' >tpl.hcl
out=$("$RUNFLOW" eval --vars vars.json tpl.hcl)
is "$out" '"web-4"' "--vars: the var key is var"
printf 'extra[1]' >extra.hcl
out=$("$RUNFLOW" eval --vars vars.json extra.hcl)
is "$out" 2 "--vars: every key is a variable"
out=$(printf 'var.name' | "$RUNFLOW" eval --vars=vars.json -)
is "$out" '"web"' "--vars=FILE form"

printf 'Hello, ${var.name}!\n%%{if var.n > 1}many%%{endif}' >bare.tpl
out=$("$RUNFLOW" eval --template --vars vars.json bare.tpl)
is "$out" '"Hello, web!\nmany"' "--template reads a bare template"
printf '${var.n}' >lone.tpl
out=$("$RUNFLOW" eval --template --vars vars.json lone.tpl)
is "$out" '"2"' "--template gives a string even for a lone interpolation"
printf '"${var.n}"' >lone.hcl
out=$("$RUNFLOW" eval --vars vars.json lone.hcl)
is "$out" 2 "an expression's lone interpolation is unwrapped"

printf 'x + 1' >bad.hcl
out=$("$RUNFLOW" eval bad.hcl 2>err)
is "$?" 2 "an evaluation error exits 2"
is "$out" "" "nothing on stdout after an error"
is "$(cat err)" "bad.hcl:1:1: error: unknown variable 'x'
    1 | x + 1
      | ^" "the diagnostic names the file, line and column"

printf 'uper("a")' >fn.hcl
"$RUNFLOW" eval fn.hcl 2>err
like "$(cat err)" "^fn.hcl:1:1: error: unknown function 'uper'" \
    "unknown function is located"
like "$(tail -n 1 err)" "^did you mean 'upper'\\?$" "with a suggestion"

printf '[\n  1,\n  2 + "a",\n]' >multi.hcl
"$RUNFLOW" eval --diagnostics-format=json multi.hcl 2>err
is "$?" 2 "JSON diagnostics also exit 2"
like "$(cat err)" '^\[\{"severity":"error","summary":"right operand of '"'"'\+'"'"' must be a number, not the string '"'"'a'"'"'","detail":null,"range":\{"filename":"multi.hcl","start":\{"line":3,"column":7,"byte":13\},"end":\{"line":3,"column":10,"byte":16\}\}\}\]$' \
    "--diagnostics-format=json gives the range"

printf '1 +' >syntax.hcl
"$RUNFLOW" eval syntax.hcl 2>err
is "$?" 2 "a syntax error exits 2"
like "$(head -n 1 err)" '^syntax.hcl:1:[0-9]+: error: ' "a syntax error is located"

printf '[1, 2]' >list.json
"$RUNFLOW" eval --vars list.json lone.hcl 2>err
is "$?" 2 "--vars must hold an object"
like "$(head -n 1 err)" "^list.json:1:1: error: the variables file must hold a JSON object, not list" \
    "the message says what the variables file holds"

printf '{"var": \n  {"a": }}' >broken.json
"$RUNFLOW" eval --vars broken.json lone.hcl 2>err
is "$?" 2 "invalid JSON in --vars exits 2"
like "$(head -n 1 err)" "^broken.json:2:[0-9]+: error: invalid JSON in the variables file" \
    "invalid JSON is located"

"$RUNFLOW" eval no-such-file.hcl 2>err
is "$?" 2 "a missing file exits 2"
like "$(cat err)" "no-such-file.hcl: No such file or directory" \
    "the message names the missing file"

"$RUNFLOW" eval --frobnicate obj.hcl 2>/dev/null
is "$?" 2 "an unknown option exits 2"

"$RUNFLOW" eval --help >out
like "$(head -n 1 out)" "^Usage: runflow eval " "--help prints the usage"
