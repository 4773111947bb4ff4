#!/bin/sh
# engines-pool.sh [RUNFLOW]: 30 containers of one second each, 2 slots per
# engine, on a pool of three private engines versus one of them alone.
# Prints both wall-clock times and their ratio (target: at least 2.5).
# The engines are started here (scripts/engine start --name, each in its
# own network namespace) and stopped at the end.  With TESTBIN set (the
# build's tests/bin), the same flows also run against the fake docker,
# whose containers cost no CPU: runflow's placement alone.
# A benchmark, not a test: it always exits 0.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/docker-common.sh"
runflow=${1:-${RUNFLOW:-runflow}}
engine=$here/../scripts/engine
names="bench-pool-a bench-pool-b bench-pool-c"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/engines-bench.XXXXXX")
trap 'for n in $names; do "$engine" stop --name "$n" >/dev/null 2>&1; done; rm -rf "$tmp"' EXIT
unset DOCKER_HOST DOCKER_CONTEXT

for n in $names; do
	if ! out=$("$engine" start --name "$n" 2>&1); then
		echo "cannot start private engine $n: $out"
		exit 0
	fi
	printf '[engine "%s"]\n%s\nslots = 2\n\n' "${n#bench-pool-}" \
	    "$("$engine" env --name "$n" | sed 's/^DOCKER_HOST=/host = /')"
done >"$tmp/pool.ini"

{
	echo 'flow "thirty" {'
	i=1
	while [ $i -le 30 ]; do
		echo "  task \"docker_run\" \"s$i\" {"
		echo '    image   = "runflow-test/base:latest"'
		echo '    command = ["sleep", "1"]'
		echo '  }'
		i=$((i + 1))
	done
	echo '}'
} >"$tmp/thirty.hcl"

rf() {
	"$runflow" run --config="$tmp/pool.ini" --log-level=quiet "$@" \
	    "$tmp/thirty.hcl"
}

t=$(now)
rf --engine a
one=$(elapsed "$t")
t=$(now)
rf --engine a --engine b --engine c
three=$(elapsed "$t")
echo "30 one-second containers, 2 slots per engine"
echo "one engine:    $one s"
echo "three engines: $three s"
awk -v a="$one" -v b="$three" 'BEGIN {
	r = (b > 0 ? a / b : 0)
	printf "speed-up %.2f (target >= 2.5: %s)\n", r, (r >= 2.5 ? "met" : "NOT met") }'

# The same with the fake docker: one-second "containers" that cost nothing.
if [ -x "${TESTBIN:-}/docker" ]; then
	mkdir "$tmp/script"
	printf 1 >"$tmp/script/run.delay"
	for n in a b c; do
		printf '[engine "%s"]\nhost = unix:///fake/%s.sock\nslots = 2\nbinary = %s\n\n' \
		    "$n" "$n" "$TESTBIN/docker"
	done >"$tmp/fake.ini"
	fake() {
		FAKE_DOCKER_SCRIPT=$tmp/script "$runflow" run \
		    --config="$tmp/fake.ini" --log-level=quiet "$@" \
		    "$tmp/thirty.hcl"
	}
	t=$(now)
	fake --engine a
	one=$(elapsed "$t")
	t=$(now)
	fake --engine a --engine b --engine c
	three=$(elapsed "$t")
	echo "the same with the fake docker (placement alone)"
	echo "one engine:    $one s"
	echo "three engines: $three s"
	awk -v a="$one" -v b="$three" 'BEGIN {
		printf "speed-up %.2f\n", (b > 0 ? a / b : 0) }'
fi
