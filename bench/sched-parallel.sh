#!/bin/sh
# 100 one-second bash_run tasks with -j 100, against the same 100 commands
# started side by side by the shell (the floor), measured in one run.
# Prints both times and the ratio; the target is about 1 s for runflow.
#
#   bench/sched-parallel.sh [RUNFLOW]
set -eu
runflow=${1:-./runflow}
n=${N:-100}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/runflow-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

{
	echo 'flow "wide" {'
	i=0
	while [ "$i" -lt "$n" ]; do
		printf '  task "bash_run" "t%d" {\n    command = "sleep 1"\n  }\n' "$i"
		i=$((i + 1))
	done
	echo '}'
} >"$tmp/wide.hcl"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

start=$(now_ms)
i=0
while [ "$i" -lt "$n" ]; do
	/bin/bash -c 'sleep 1' &
	i=$((i + 1))
done
wait
floor=$(( $(now_ms) - start ))

start=$(now_ms)
"$runflow" run "$tmp/wide.hcl" -j "$n" >/dev/null 2>&1
ours=$(( $(now_ms) - start ))

echo "floor (shell, $n x bash -c 'sleep 1' in parallel): $floor ms"
echo "runflow run -j $n ($n one-second bash_run tasks): $ours ms"
awk -v a="$ours" -v b="$floor" 'BEGIN { printf "ratio runflow/floor: %.2f\n", a / b }'
