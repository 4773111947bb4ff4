#!/bin/sh
# load-fake.sh [-n TASKS] [-j JOBS] [-i INTERVAL] [-k]: run a generated
# flow of TASKS independent docker_run tasks (default 10000) against the
# fake docker with -j JOBS (default 64), sampling runflow's descriptors,
# memory and children as it goes (bench/load-common.sh).  Prints what it
# measured as key=value lines; tests/sh/t0860-load-fake.sh asserts on them.
#
# RUNFLOW and TESTBIN name the runflow binary and the folder holding the
# fake docker (default: ./runflow and ./tests/bin, as in a build tree).
# With -k the scratch folder is kept and its path printed.
# A benchmark, not a test: it exits 0 whatever runflow did.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/load-common.sh"

load_options TASKS 10000 64 "$@"
tasks=$load_n jobs=$load_jobs interval=$load_interval keep=$load_keep
runflow=${RUNFLOW:-./runflow}
testbin=${TESTBIN:-./tests/bin}
case $testbin in /*) ;; *) testbin=$(cd "$testbin" && pwd) ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/load-fake.XXXXXX")
[ -n "$keep" ] || trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.ini"
mkdir "$tmp/tmpdir"

# Independent tasks; each fake container prints a line on stdout, waits
# 20 ms and prints a few bytes without a newline on stderr, so the pool
# always holds tasks in different stages.
awk -v n="$tasks" 'BEGIN {
	print "flow \"load\" {"
	for (i = 0; i < n; i++) {
		printf "  task \"docker_run\" \"t%d\" {\n", i
		print "    image   = \"runflow-test/base:latest\""
		printf "    command = [\"echo\", \"%d\"]\n", i
		print "  }"
	}
	print "}"
}' >"$tmp/load.hcl"
mkdir "$tmp/script"
printf 'out line\nsleep 0.02\nerrn no newline\n' >"$tmp/script/run.steps"

start=$(load_now)
FAKE_DOCKER_LOG=$tmp/log FAKE_DOCKER_SCRIPT=$tmp/script TMPDIR=$tmp/tmpdir \
    "$runflow" run --config="$tmp/empty.ini" --docker="$testbin/docker" \
    -j "$jobs" "$tmp/load.hcl" >"$tmp/out" 2>"$tmp/err" &
pid=$!
load_sample "$pid" "$tmp/samples" "$interval"
wait "$pid"
status=$?
seconds=$(awk -v s="$start" -v e="$(load_now)" 'BEGIN { printf "%.1f", e - s }')

echo "tasks=$tasks"
echo "jobs=$jobs"
echo "status=$status"
echo "seconds=$seconds"
echo "summary=$(tail -n 1 "$tmp/err" | sed 's/^\[[^]]*\] //')"
echo "succeeded=$(grep -c 'is successful\.$' "$tmp/err")"
echo "docker_calls=$(cat "$tmp/log/seq" 2>/dev/null || echo 0)"
echo "max_running=$(cat "$tmp/log/max_running" 2>/dev/null || echo 0)"
echo "running_after=$(cat "$tmp/log/running" 2>/dev/null || echo 0)"
echo "containers_left=$(ls "$tmp/log/containers" 2>/dev/null | wc -l)"
echo "tmpdir_left=$(ls -A "$tmp/tmpdir" | wc -l)"
# Every docker call ran in a process group of its own: none may be alive.
cat "$tmp/log"/*.meta 2>/dev/null | sed -n 's/^pgid=//p' >"$tmp/groups"
echo "procs_left=$(load_groups_alive "$tmp/groups")"
load_summary "$tmp/samples"
[ -z "$keep" ] || echo "kept=$tmp"
exit 0
