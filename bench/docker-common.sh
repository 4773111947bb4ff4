# Shared by the docker benchmarks: sourced, not run.
#
# bench_engine: say how to start the test engine and exit 0 when docker
# cannot reach an engine (a benchmark prints numbers, it never fails).
bench_engine() {
	if ! out=$(timeout 30 docker info --format '{{.ServerVersion}}' 2>&1); then
		echo "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset}): $out"
		echo "start the test engine: scripts/engine start; export \$(scripts/engine env)"
		exit 0
	fi
}

# now: seconds since the epoch, with nanoseconds.
now() {
	date +%s.%N
}

# elapsed START: seconds since START.
elapsed() {
	awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.3f\n", e - s }'
}

# median N...: the median of the numbers given.
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
	    END { if (NR % 2) print v[(NR + 1) / 2];
		  else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B TARGET: print A/B and whether it meets the target.
ratio() {
	awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {
		r = (b > 0 ? a / b : 0)
		printf "ratio %.3f (target <= %s: %s)\n", r, t,
		    (r <= t ? "met" : "NOT met") }'
}
