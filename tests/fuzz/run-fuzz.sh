#!/bin/sh
# A short run of every libFuzzer target the build made (configure
# --enable-fuzzing): one TAP point per target, failing on any crash, leak,
# timeout, out-of-memory or sanitizer report.  FUZZ_TIME sets the seconds
# per target (default 60).  Each target starts from the seeds below, the
# stored seeds in tests/fuzz/seeds/NAME and the corpus it grew in earlier
# runs (kept in the build tree), with its dictionary when it has one.
# Findings stay in tests/fuzz/out/NAME of the build tree.
. "$top_srcdir/tests/tap.sh"

fuzz_time=${FUZZ_TIME:-60}
case $fuzz_time in
'' | *[!0-9]*) bail "FUZZ_TIME '$fuzz_time' is not a number of seconds" ;;
esac
src=$top_srcdir/tests/fuzz
bin=$top_builddir/tests/fuzz

# seed NAME DIR: write seeds for the target NAME into DIR from the test
# inputs of the tree.
seed() {
	name=$1 dir=$2
	mkdir -p "$dir"
	case $name in
	fuzz_lex | fuzz_parse)
		for f in "$top_srcdir"/tests/hcl/cases/*/input.hcl \
		    "$top_srcdir"/tests/diag/*.hcl "$top_srcdir"/tests/bad/*.hcl \
		    "$top_srcdir"/examples/*.hcl; do
			[ -f "$f" ] || continue
			d=${f%/*}
			cp "$f" "$dir/${d##*/}-${f##*/}"
		done ;;
	fuzz_json)
		for f in "$top_srcdir"/tests/hcl/cases/*/expected.json; do
			[ -f "$f" ] || continue
			d=${f%/*}
			cp "$f" "$dir/${d##*/}.json"
		done ;;
	fuzz_eval)
		# One seed per evaluation case: a first byte of 0 for an
		# expression, 1 for a bare template.
		tmp=$(mktemp -d) || bail "cannot create a scratch folder"
		awk -v dir="$tmp" '
		    /^=== / {
			if (f != "") close(f)
			n++
			f = dir "/" n (($0 ~ / template$/) ? ".1" : ".0")
			body = 1; first = 1; next
		    }
		    /^--- / { body = 0; next }
		    body && n { printf "%s%s", (first ? "" : "\n"), $0 > f; first = 0 }
		' "$top_srcdir"/tests/hcl/eval-cases/*.cases
		for f in "$tmp"/*; do
			[ -f "$f" ] || continue
			b=${f##*/}
			case $b in
			*.1) printf '\001' ;;
			*) printf '\000' ;;
			esac >"$dir/case-$b"
			cat "$f" >>"$dir/case-$b"
		done
		rm -rf "$tmp" ;;
	fuzz_docker_args)
		# The translation of the documentation's examples, for docker
		# (first byte 0) and podman (1).
		i=0
		for s in '{"image": "alpine", "command": "echo hi"}' \
		    '{"image": "alpine", "command": ["sh", "-c", "exit 3"], "environment": {"A": "1"}, "mem_limit": "8m"}' \
		    '{"image": "img", "entrypoint": "", "volumes": {"/a": {"bind": "/b", "mode": "ro"}}, "ports": {"80/tcp": 8080}}' \
		    '{"image": {"$unknown": "task.docker_run.x.stdout"}, "user": "1000:1000", "detach": false}'; do
			i=$((i + 1))
			printf '\000%s' "$s" >"$dir/seed-$i"
			printf '\001%s' "$s" >"$dir/seed-$i-podman"
		done ;;
	esac
}

# The dictionary of the target NAME, if it has one.
dict() {
	case $1 in
	fuzz_lex | fuzz_parse | fuzz_eval) echo "$src/hcl.dict" ;;
	fuzz_json) echo "$src/json.dict" ;;
	fuzz_docker_args) echo "$src/docker_args.dict" ;;
	esac
}

targets=
for t in "$bin"/fuzz_*; do
	[ -f "$t" ] && [ -x "$t" ] && targets="$targets ${t##*/}"
done
[ -n "$targets" ] || bail "no fuzz target in $bin: configure with --enable-fuzzing"
set -- $targets
plan $#

for name; do
	work=$bin/corpus/$name
	seeds=$bin/seeds/$name
	out=$bin/out/$name
	rm -rf "$seeds" "$out"
	mkdir -p "$work" "$out"
	seed "$name" "$seeds"
	# libFuzzer adds what it finds to the first corpus folder: the one
	# in the build tree, never the source tree.
	set -- "$work" "$seeds"
	[ -d "$src/seeds/$name" ] && set -- "$@" "$src/seeds/$name"
	d=$(dict "$name")
	[ -z "$d" ] || set -- -dict="$d" "$@"
	(cd "$out" && "$bin/$name" -max_total_time="$fuzz_time" \
	    -print_final_stats=1 -timeout=25 -rss_limit_mb=2048 \
	    -artifact_prefix="$out/" "$@") >"$out/fuzz.log" 2>&1
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz.log")
	found=$(ls "$out" | grep -E '^(crash|leak|timeout|oom|slow-unit)-')
	if [ "$status" -eq 0 ] && [ -z "$found" ] && [ -n "$runs" ]; then
		tap_result 0 "$name: $runs runs in ${fuzz_time}s, corpus $(ls "$work" | wc -l) inputs"
	else
		tap_result 1 "$name: exit $status after ${runs:-?} runs"
		for f in $found; do
			diag "finding: $out/$f"
		done
		# The top of the report: the error line and the first frames.
		grep -m1 -E 'ERROR: |runtime error|deadly signal' "$out/fuzz.log" |
			while IFS= read -r l; do diag "$l"; done
		grep -E '^ +#[0-9]+ ' "$out/fuzz.log" | grep -v -e libFuzzer \
		    -e compiler-rt -e /usr/lib | head -n 6 |
			while IFS= read -r l; do diag "$l"; done
		diag "log: $out/fuzz.log"
	fi
done
done_testing
