#!/bin/sh
# visualize: DOT written by runflow itself; SVG and PNG through Graphviz's
# dot when it is installed, a clear message when it is not.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
cd "$TAP_TMP" || bail "no scratch folder"
plan 9

cat >g.hcl <<'HCL'
flow "graph \"demo\"" {
  task "bash_run" "a" {
    command = "true"
  }
  task "bash_run" "b" {
    command = "echo ${task.bash_run.a.stdout}"
  }
  task "file_write" "c" {
    filename = "never-written"
    content = "x"
    _depends_on = [task.bash_run.a]
  }
}
HCL
out=$("$RUNFLOW" visualize g.hcl)
is "$?" 0 "visualize exits 0"
is "$out" 'digraph "graph \"demo\"" {
  rankdir=LR;
  node [shape=box, fontname="sans-serif"];
  "task.bash_run.a" [label="bash_run\na"];
  "task.bash_run.b" [label="bash_run\nb"];
  "task.file_write.c" [label="file_write\nc"];
  "task.bash_run.a" -> "task.bash_run.b";
  "task.bash_run.a" -> "task.file_write.c" [style=dashed];
}' "DOT on standard output: references solid, _depends_on dashed"
"$RUNFLOW" visualize g.hcl --output graph.dot
is "$(cat graph.dot)" "$out" "--output graph.dot writes the same DOT"
ok "[ ! -e never-written ]" "nothing ran"

"$RUNFLOW" visualize g.hcl --output graph.txt 2>err
is "$?" 2 "an unknown output kind is a usage error"
like "$(cat err)" "must end in .svg, .png or .dot" "and says which names work"

# Without dot on PATH: a clear message naming the package.
mkdir nodot
PATH=$TAP_TMP/nodot "$RUNFLOW" visualize g.hcl --output graph.svg 2>err
like "$(cat err)" "needs Graphviz's 'dot', which is not installed" \
	"without Graphviz, the message says what is missing"

if command -v dot >/dev/null 2>&1; then
	"$RUNFLOW" visualize g.hcl --output graph.svg
	like "$(head -c 300 graph.svg)" "<svg|<\\?xml" "with Graphviz, --output graph.svg writes SVG"
	"$RUNFLOW" visualize g.hcl --output graph.png
	like "$(head -c 4 graph.png | od -An -c | tr -d ' ')" "^211PNG" "and graph.png a PNG"
else
	skip "Graphviz's dot is not installed (apt-get install graphviz)"
	skip "Graphviz's dot is not installed (apt-get install graphviz)"
fi
done_testing
