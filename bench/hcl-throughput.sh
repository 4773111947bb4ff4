#!/bin/sh
# hcl-throughput.sh [RUNFLOW]: time 'runflow hcl2json' on generated flows
# of 1, 10 and 100 MB and print MB/s, the 100 MB / 10 MB time ratio (10 is
# linear) and peak RSS relative to the input size (target: at most 6x).
# Throughput is shown against wall-clock and against CPU time (user +
# system), which is the fairer number on a busy machine.
# A benchmark, not a test: it prints numbers and always exits 0.
here=$(cd "$(dirname "$0")" && pwd)
runflow=${1:-${RUNFLOW:-runflow}}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hcl-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

printf '%6s %10s %8s %8s %9s %9s %12s %7s\n' size bytes wall_s cpu_s MB/s_wall MB/s_cpu peak_rss_kB rss/in
for mb in 1 10 100; do
	f="$tmp/flow-$mb.hcl"
	sh "$here/gen-flow.sh" "$mb" >"$f"
	bytes=$(wc -c <"$f")
	# One warm-up run, then the timed one; GNU time gives the peak RSS.
	"$runflow" hcl2json "$f" >/dev/null || { echo "hcl2json failed on $f"; exit 0; }
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$runflow" hcl2json "$f" \
	    >/dev/null
	read -r secs user sys rss <"$tmp/time"
	eval "t$mb=$secs"
	awk -v mb="$mb" -v b="$bytes" -v s="$secs" -v u="$user" -v y="$sys" \
	    -v r="$rss" 'BEGIN { c = u + y
		printf "%4dMB %10d %8.3f %8.3f %9.1f %9.1f %12d %7.2f\n", mb, b,
		    s, c, (s > 0 ? b / 1048576 / s : 0),
		    (c > 0 ? b / 1048576 / c : 0), r, r * 1024 / b }'
done
awk -v a="$t10" -v b="$t100" 'BEGIN {
	printf "time ratio 100MB/10MB: %.2f (10.00 is linear)\n", (a > 0 ? b / a : 0) }'
