#!/bin/sh
# The command line itself: --version, --help, unknown commands.
. "$top_srcdir/tests/tap.sh"
plan 6

out=$("$RUNFLOW" --version)
like "$out" '^runflow [0-9]+\.[0-9]+\.[0-9]+$' "--version prints name and version"

out=$("$RUNFLOW" --help)
for cmd in run plan visualize hcl2json; do
	like "$out" "^  $cmd " "--help lists '$cmd'"
done

"$RUNFLOW" no-such-command 2>/dev/null
is "$?" 2 "an unknown command exits 2"
done_testing
