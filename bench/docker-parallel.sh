#!/bin/sh
# docker-parallel.sh [RUNFLOW]: 16 independent containers that each sleep
# one second, run with -j 16, versus one such container alone.  Prints the
# ratio of the two wall-clock times (target: at most 2), and, to tell
# runflow's share from the engine's, the same 16 `docker run` started at
# once by the shell.
# A benchmark, not a test: it always exits 0.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/docker-common.sh"
runflow=${1:-${RUNFLOW:-runflow}}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/docker-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
bench_engine
: >"$tmp/empty.ini"

# flow FILE N: N independent one-second containers.
flow() {
	{
		echo 'flow "parallel" {'
		i=1
		while [ $i -le "$2" ]; do
			echo "  task \"docker_run\" \"s$i\" {"
			echo '    image   = "runflow-test/base:latest"'
			echo '    command = ["sleep", "1"]'
			echo '  }'
			i=$((i + 1))
		done
		echo '}'
	} >"$1"
}

flow "$tmp/one.hcl" 1
flow "$tmp/sixteen.hcl" 16
"$runflow" run --config="$tmp/empty.ini" --log-level=quiet "$tmp/one.hcl"
t=$(now)
"$runflow" run --config="$tmp/empty.ini" --log-level=quiet "$tmp/one.hcl"
one=$(elapsed "$t")
t=$(now)
"$runflow" run --config="$tmp/empty.ini" --log-level=quiet -j 16 \
    "$tmp/sixteen.hcl"
rc=$?
sixteen=$(elapsed "$t")
[ "$rc" = 0 ] || echo "runflow exited $rc"
t=$(now)
i=1
while [ $i -le 16 ]; do
	docker run --rm runflow-test/base:latest sleep 1 >/dev/null &
	i=$((i + 1))
done
wait
bare=$(elapsed "$t")
echo "one container:                 $one s"
echo "16 containers with -j 16:      $sixteen s"
echo "16 bare docker run at once:    $bare s ($(nproc) CPUs)"
ratio "$sixteen" "$one" 2
echo "runflow -j 16 against the bare 16 (the engine's own limit):"
ratio "$sixteen" "$bare" 1.05
