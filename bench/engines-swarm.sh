#!/bin/sh
# engines-swarm.sh [RUNFLOW]: the per-task overhead of a one-shot Swarm job
# against `docker run` on the same engine: a single-node Swarm initialised
# inside a private engine, defined twice in the settings (kind docker and
# kind swarm), each running N tasks of `true` one after another (-j 1).
# Prints the time per task of each and their ratio.
# A benchmark, not a test: it always exits 0.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/docker-common.sh"
runflow=${1:-${RUNFLOW:-runflow}}
engine=$here/../scripts/engine
name=bench-swarm
n=${N:-10}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/engines-bench.XXXXXX")
trap '"$engine" stop --name "$name" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
unset DOCKER_HOST DOCKER_CONTEXT

if ! out=$("$engine" start --name "$name" 2>&1); then
	echo "cannot start private engine $name: $out"
	exit 0
fi
host=$("$engine" env --name "$name" | sed -n 's/^DOCKER_HOST=//p')
DOCKER_HOST=$host docker swarm init --advertise-addr 127.0.0.1 >/dev/null 2>&1
printf '[engine "plain"]\nhost = %s\n\n[engine "sw"]\nhost = %s\nkind = swarm\n' \
    "$host" "$host" >"$tmp/eng.ini"

{
	echo 'flow "seq" {'
	i=1
	while [ $i -le "$n" ]; do
		echo "  task \"docker_run\" \"t$i\" {"
		echo '    image   = "runflow-test/base:latest"'
		echo '    command = ["true"]'
		echo '  }'
		i=$((i + 1))
	done
	echo '}'
} >"$tmp/seq.hcl"

rf() {
	"$runflow" run --config="$tmp/eng.ini" --log-level=quiet -j 1 \
	    --engine "$1" "$tmp/seq.hcl"
}

rf plain		# warm up
t=$(now)
rf plain
docker=$(elapsed "$t")
t=$(now)
rf sw
swarm=$(elapsed "$t")
echo "$n tasks of 'true', one at a time, on one engine"
awk -v d="$docker" -v s="$swarm" -v n="$n" 'BEGIN {
	printf "docker run:  %.3f s per task\n", d / n
	printf "Swarm job:   %.3f s per task\n", s / n
	printf "ratio %.2f (Swarm job / docker run)\n", (d > 0 ? s / d : 0) }'
