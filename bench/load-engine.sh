#!/bin/sh
# load-engine.sh [-n CONTAINERS] [-j JOBS] [-i INTERVAL] [-k]: run a
# generated flow of CONTAINERS independent docker_run tasks (default 200)
# against the Docker engine DOCKER_HOST names, with -j JOBS (default 32),
# sampling runflow's descriptors, memory and children as it goes
# (bench/load-common.sh).  Prints what it measured as key=value lines;
# tests/sh/t0960-engine-load.sh asserts on them.
#
# RUNFLOW names the runflow binary (default ./runflow).  With -k the
# scratch folder is kept and its path printed.  A benchmark, not a test:
# it exits 0 whatever runflow did, and says so when no engine answers.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/load-common.sh"

load_options CONTAINERS 200 32 "$@"
containers=$load_n jobs=$load_jobs interval=$load_interval keep=$load_keep
runflow=${RUNFLOW:-./runflow}
if ! out=$(timeout 30 docker info --format '{{.ServerVersion}}' 2>&1); then
	echo "engine=none"
	echo "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset}): $out"
	echo "start the test engine: scripts/engine start; export \$(scripts/engine env)"
	exit 0
fi
echo "engine=$out"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/load-engine.XXXXXX")
[ -n "$keep" ] || trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.ini"
mkdir "$tmp/tmpdir"

# Independent containers that print their number and end.
awk -v n="$containers" 'BEGIN {
	print "flow \"load\" {"
	for (i = 0; i < n; i++) {
		printf "  task \"docker_run\" \"c%d\" {\n", i
		print "    image   = \"runflow-test/base:latest\""
		printf "    command = [\"echo\", \"%d\"]\n", i
		print "  }"
	}
	print "}"
}' >"$tmp/load.hcl"

start=$(load_now)
TMPDIR=$tmp/tmpdir "$runflow" run --config="$tmp/empty.ini" \
    --log-level=debug -j "$jobs" "$tmp/load.hcl" >"$tmp/out" 2>"$tmp/err" &
pid=$!
load_sample "$pid" "$tmp/samples" "$interval"
wait "$pid"
status=$?
seconds=$(awk -v s="$start" -v e="$(load_now)" 'BEGIN { printf "%.1f", e - s }')
rid=$(sed -n 's/.*Run \([^ ]*\) of flow.*/\1/p' "$tmp/err")

echo "containers=$containers"
echo "jobs=$jobs"
echo "status=$status"
echo "seconds=$seconds"
echo "run=$rid"
echo "summary=$(tail -n 1 "$tmp/err" | sed 's/^\[[^]]*\] //')"
echo "succeeded=$(grep -c 'is successful\.$' "$tmp/err")"
echo "labelled_left=$(docker ps -aq --filter "label=runflow.run=${rid:-none}" | wc -l)"
echo "clis_left=$(pgrep -f "label=runflow.run=${rid:-none}" | wc -l)"
echo "tmpdir_left=$(ls -A "$tmp/tmpdir" | wc -l)"
load_summary "$tmp/samples"
[ -z "$keep" ] || echo "kept=$tmp"
exit 0
