#!/bin/sh
# sched-scale.sh [-n "COUNTS"] [-j "JOBS"] [-r REPEAT]: what runflow adds
# per task.  For each count (default "1000 10000") a flow of that many
# independent docker_run tasks runs against the fake docker at each -j
# (default "1 8"), and bench/spawn-floor spawns the same fake docker as
# many times, one after the other: the floor, the least any runner can do.
# Every measurement is repeated REPEAT times (default 3) and the median
# kept; runs of runflow and of the floor alternate, so a busy machine
# slows both alike.
#
# Prints wall and CPU seconds (user + system, children included), the
# ratio runflow/floor (target at -j 1: at most 1.3), the cost per task
# above the floor, and the 10,000/1,000 time ratios (10 is linear).
#
# Neither side records calls (FAKE_DOCKER_LOG unset), so the fake docker
# does the same work for both; runflow's own per-task work (the cidfile it
# asks for, the log lines) is what the ratio shows.  To tell the two
# apart, runflow -j 1 also runs with TMPDIR on a tmpfs (SCHED_TMPFS,
# default /dev/shm, when it is a writable folder): a run makes one private
# folder there, and each docker_run attempt has docker write a cidfile in
# it that runflow reads and unlinks, which on a disk file system costs
# tens of microseconds per attempt.
#
# Measured on the development machine (2 shared cores, TMPDIR on ext4,
# -j 1, runflow and the floor interleaved, median of 5 at 1,000 tasks and
# of 3 at 10,000): floor 0.83 s and 8.59 s; runflow 0.98 s (1.18x) and
# 10.51 s (1.22x).  With a private folder per attempt, as before, it was
# 1.29 s (1.55x) and 14.03 s (1.63x).  runflow's own CPU time (children
# left out, perf stat --no-inherit) for 1,000 tasks: 0.23 s, was 0.36 s.
#
# RUNFLOW, TESTBIN and FLOOR name the runflow binary, the folder holding
# the fake docker and the spawn-floor program (default: ./runflow,
# ./tests/bin and ./bench/spawn-floor, as in a build tree).
# A benchmark, not a test: it prints numbers and always exits 0.
counts="1000 10000"
jobs="1 8"
repeat=3
while getopts n:j:r: opt; do
	case $opt in
	n) counts=$OPTARG ;;
	j) jobs=$OPTARG ;;
	r) repeat=$OPTARG ;;
	*) echo "usage: $0 [-n COUNTS] [-j JOBS] [-r REPEAT]" >&2; exit 0 ;;
	esac
done
runflow=${RUNFLOW:-./runflow}
testbin=${TESTBIN:-./tests/bin}
floor=${FLOOR:-./bench/spawn-floor}
case $testbin in /*) ;; *) testbin=$(cd "$testbin" && pwd) ;; esac
docker=$testbin/docker
for prog in "$runflow" "$docker" "$floor"; do
	[ -x "$prog" ] || { echo "sched-scale: no program '$prog'"; exit 0; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sched-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.ini"
mkdir "$tmp/tmpdir"
tmpfs=${SCHED_TMPFS:-/dev/shm}
if [ -d "$tmpfs" ] && [ -w "$tmpfs" ] &&
    shm=$(mktemp -d "$tmpfs/sched-scale.XXXXXX" 2>/dev/null); then
	trap 'rm -rf "$tmp" "$shm"' EXIT
else
	shm=
fi
unset FAKE_DOCKER_LOG FAKE_DOCKER_SCRIPT
image="runflow-test/base:latest"

# gen N: a flow of N independent tasks, each "docker run IMAGE echo I".
gen() {
	awk -v n="$1" -v image="$image" 'BEGIN {
		print "flow \"scale\" {"
		for (i = 0; i < n; i++) {
			printf "  task \"docker_run\" \"t%d\" {\n", i
			printf "    image   = \"%s\"\n", image
			printf "    command = [\"echo\", \"%d\"]\n", i
			print "  }"
		}
		print "}"
	}'
}

# timed OUT CMD...: run CMD, append "WALL CPU" (seconds) to OUT.  Returns
# CMD's exit status.
timed() {
	_out=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@"
	_rc=$?
	awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$tmp/time" >>"$_out"
	return $_rc
}

# median FILE COLUMN: the median of a column.
median() {
	awk -v c="$2" '{ print $c }' "$1" | sort -n | awk '{ v[NR] = $1 }
	    END { if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2];
		  else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf '%-22s %6s %9s %8s %8s %12s\n' what tasks wall_s cpu_s ratio \
    extra_ms/task
for n in $counts; do
	gen "$n" >"$tmp/flow-$n.hcl"
	: >"$tmp/floor-$n"
	for j in $jobs; do
		: >"$tmp/rf-$n-$j"
	done
	: >"$tmp/shm-$n"
	r=0
	while [ $r -lt "$repeat" ]; do
		timed "$tmp/floor-$n" "$floor" "$n" "$docker" run --rm \
		    "$image" echo 0 >/dev/null
		for j in $jobs; do
			TMPDIR=$tmp/tmpdir timed "$tmp/rf-$n-$j" "$runflow" run \
			    --config="$tmp/empty.ini" --docker="$docker" \
			    -j "$j" "$tmp/flow-$n.hcl" >/dev/null \
			    2>"$tmp/err" ||
			    echo "runflow -j $j on $n tasks exited $?:" \
			    "$(tail -n 1 "$tmp/err")"
			tail -n 1 "$tmp/err" | grep -q " $n succeeded," ||
			    echo "runflow -j $j: $(tail -n 1 "$tmp/err")"
		done
		if [ -n "$shm" ]; then
			TMPDIR=$shm timed "$tmp/shm-$n" "$runflow" run \
			    --config="$tmp/empty.ini" --docker="$docker" \
			    -j 1 "$tmp/flow-$n.hcl" >/dev/null 2>"$tmp/err" ||
			    echo "runflow -j 1 (tmpfs) on $n tasks exited $?"
		fi
		r=$((r + 1))
	done
	fw=$(median "$tmp/floor-$n" 1)
	fc=$(median "$tmp/floor-$n" 2)
	echo "$fw" >"$tmp/floor-med-$n"
	printf '%-22s %6d %9.3f %8.3f\n' "spawn-floor" "$n" "$fw" "$fc"
	for j in $jobs; do
		w=$(median "$tmp/rf-$n-$j" 1)
		c=$(median "$tmp/rf-$n-$j" 2)
		echo "$w" >"$tmp/rf-med-$n-$j"
		awk -v what="runflow -j $j" -v n="$n" -v w="$w" -v c="$c" \
		    -v f="$fw" 'BEGIN {
			printf "%-22s %6d %9.3f %8.3f %8.3f %12.4f\n", what, n,
			    w, c, (f > 0 ? w / f : 0), (w - f) * 1000 / n }'
	done
	if [ -n "$shm" ]; then
		w=$(median "$tmp/shm-$n" 1)
		c=$(median "$tmp/shm-$n" 2)
		awk -v what="runflow -j 1, tmpfs" -v n="$n" -v w="$w" \
		    -v c="$c" -v f="$fw" 'BEGIN {
			printf "%-22s %6d %9.3f %8.3f %8.3f %12.4f\n", what, n,
			    w, c, (f > 0 ? w / f : 0), (w - f) * 1000 / n }'
	fi
done

# The ratios of the first two counts (10,000/1,000 by default).
# shellcheck disable=SC2086 # a list of numbers
set -- $counts
if [ $# -ge 2 ]; then
	lo=$1
	hi=$2
	awk -v a="$(cat "$tmp/floor-med-$lo")" -v b="$(cat "$tmp/floor-med-$hi")" \
	    -v lo="$lo" -v hi="$hi" 'BEGIN {
		printf "time ratio %d/%d: spawn-floor %.2f", hi, lo,
		    (a > 0 ? b / a : 0) }'
	for j in $jobs; do
		awk -v a="$(cat "$tmp/rf-med-$lo-$j")" \
		    -v b="$(cat "$tmp/rf-med-$hi-$j")" -v j="$j" 'BEGIN {
			printf ", runflow -j %s %.2f", j, (a > 0 ? b / a : 0) }'
	done
	awk -v lo="$lo" -v hi="$hi" 'BEGIN {
		printf " (linear: %.2f)\n", hi / lo }'
fi
awk -v j="$jobs" 'BEGIN { split(j, v, " ")
	if (v[1] == 1) print "target: runflow -j 1 at most 1.30 x the floor" }'
exit 0
