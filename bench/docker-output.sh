#!/bin/sh
# docker-output.sh [RUNFLOW] [MiB]: MiB (default 256) through a container's
# stdout, captured by runflow, versus the same `docker run` into
# /dev/null.  Prints the time ratio (target: at most 1.2) and runflow's
# peak resident memory against the output size (target: at most 1.1).
# A benchmark, not a test: it always exits 0.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/docker-common.sh"
runflow=${1:-${RUNFLOW:-runflow}}
mib=${2:-256}
bytes=$((mib * 1048576))
tmp=$(mktemp -d "${TMPDIR:-/tmp}/docker-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
bench_engine

line=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz
cmd="yes $line | head -c $bytes"
printf '[run]\noutput_cap = %dm\n' $((mib + 1)) >"$tmp/cap.ini"
cat >"$tmp/out.hcl" <<EOF
flow "output" {
  task "docker_run" "big" {
    image   = "runflow-test/base:latest"
    command = ["/bin/sh", "-c", "$cmd"]
  }
}
EOF

t=$(now)
docker run --rm runflow-test/base:latest /bin/sh -c "$cmd" >/dev/null
bare=$(elapsed "$t")
t=$(now)
/usr/bin/time -f '%M' -o "$tmp/rss" "$runflow" run --config="$tmp/cap.ini" \
    --log-level=warning "$tmp/out.hcl"
rc=$?
rf=$(elapsed "$t")
rss=$(cat "$tmp/rss")
[ "$rc" = 0 ] || echo "runflow exited $rc"
echo "docker run ... >/dev/null:   $bare s"
echo "runflow run (captured):      $rf s"
ratio "$rf" "$bare" 1.2
awk -v r="$rss" -v b="$bytes" 'BEGIN {
	m = r * 1024 / b
	printf "peak RSS %d kB for %d bytes: %.3f x the output (target <= 1.1: %s)\n",
	    r, b, m, (m <= 1.1 ? "met" : "NOT met") }'
