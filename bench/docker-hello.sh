#!/bin/sh
# docker-hello.sh [RUNFLOW] [N]: the hello-world flow (examples/
# docker-hello-world.hcl) against the engine DOCKER_HOST points at, versus
# the bare `docker run --rm ubuntu:latest echo hello world`, N runs each
# (default 7), interleaved; prints the medians and their ratio (target:
# at most 1.05).  A benchmark, not a test: it always exits 0.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/docker-common.sh"
runflow=${1:-${RUNFLOW:-runflow}}
n=${2:-7}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/docker-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
bench_engine
: >"$tmp/empty.ini"

# Warm up both paths once (image cache, CLI plugins, page cache).
docker run --rm ubuntu:latest echo hello world >/dev/null
"$runflow" run --config="$tmp/empty.ini" --log-level=quiet \
    "$here/../examples/docker-hello-world.hcl" --var out="$tmp/out.txt"
[ "$(cat "$tmp/out.txt" 2>/dev/null)" = "hello world" ] ||
    { echo "runflow did not save 'hello world'"; exit 0; }

rf= bare=
i=0
while [ $i -lt "$n" ]; do
	t=$(now)
	docker run --rm ubuntu:latest echo hello world >/dev/null
	bare="$bare $(elapsed "$t")"
	t=$(now)
	"$runflow" run --config="$tmp/empty.ini" --log-level=quiet \
	    "$here/../examples/docker-hello-world.hcl" --var out="$tmp/out.txt"
	rf="$rf $(elapsed "$t")"
	i=$((i + 1))
done
# shellcheck disable=SC2086 # lists of numbers
mb=$(median $bare)
# shellcheck disable=SC2086
mr=$(median $rf)
echo "docker run --rm ubuntu:latest echo hello world: median $mb s ($n runs:$bare)"
echo "runflow run examples/docker-hello-world.hcl:     median $mr s ($n runs:$rf)"
ratio "$mr" "$mb" 1.05
