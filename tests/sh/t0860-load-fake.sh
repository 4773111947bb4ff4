#!/bin/sh
# Load: 2,000 independent docker_run tasks against the fake docker with
# -j 64 (bench/load-fake.sh; run it with -n 10000 for the full figure).
# All succeed, never more than 64 run at once, and runflow's descriptors
# and memory stay flat while tasks come and go: what a finished task keeps
# is its result, well under 2 KiB.  Nothing is left afterwards.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
tasks=${RUNFLOW_LOAD_TASKS:-2000}
jobs=64
plan 15

RUNFLOW=$RUNFLOW TESTBIN=$TESTBIN TMPDIR=$TAP_TMP \
    sh "$top_srcdir/bench/load-fake.sh" -n "$tasks" -j "$jobs" >"$TAP_TMP/report"
diag "$(cat "$TAP_TMP/report")"
# get KEY: the value of KEY in the report.
get() {
	sed -n "s/^$1=//p" "$TAP_TMP/report"
}

is "$(get status)" 0 "runflow exits 0"
is "$(get succeeded)" "$tasks" "$tasks tasks are successful"
like "$(get summary)" "^$tasks succeeded, 0 failed, 0 canceled in " \
    "the summary line counts them"
is "$(get docker_calls)" "$tasks" "one docker call per task"
ok "[ $(get max_running) -ge 2 ] && [ $(get max_running) -le $jobs ]" \
    "between 2 and $jobs containers at once ($(get max_running))"
is "$(get running_after)" 0 "no docker run call is left counted as running"
is "$(get containers_left)" 0 "every fake container was removed (--rm)"
is "$(get tmpdir_left)" 0 "no cidfile folder is left in TMPDIR"
is "$(get procs_left)" 0 "no process of any docker call is alive"
ok "[ $(get samples) -ge 5 ]" "runflow was sampled $(get samples) times"
# Two pipe ends per running task, plus the loop's own descriptors.
ok "[ $(get fd_max) -le $((2 * jobs + 32)) ]" \
    "at most $((2 * jobs + 32)) descriptors open ($(get fd_max))"
ok "[ $(get fd_max_second_half) -le $(($(get fd_max_first_half) + 4)) ]" \
    "descriptors stay flat ($(get fd_max_first_half) then $(get fd_max_second_half))"
# Memory figures mean nothing under ASan (its quarantine keeps freed
# blocks) or valgrind (RUNFLOW is then a wrapper script): LSan and
# valgrind check for leaks there instead.
if grep -q __asan_init "$RUNFLOW" 2>/dev/null; then
	why="runflow is built with AddressSanitizer"
elif [ "$(head -c 2 "$RUNFLOW")" = "#!" ]; then
	why="runflow runs under a wrapper"
else
	why=
fi
grow=$(($(get rss_kb_max_second_half) - $(get rss_kb_max_first_half)))
if [ -n "$why" ]; then
	skip "memory growth: $why"
	skip "peak memory: $why"
else
	ok "[ $(get rss_kb_first) -gt 0 ] && [ $grow -le $tasks ]" \
	    "memory grows by at most 2 KiB per finished task over the second half ($grow KiB for $((tasks / 2)))"
	ok "[ $(get hwm_kb) -le 65536 ]" "peak resident memory $(get hwm_kb) KiB, under 64 MiB"
fi
# A child that was not reaped stays a child: reaping keeps up when the
# children, zombies included, never outnumber the pool.
ok "[ $(get children_max) -ge 2 ] && [ $(get children_max) -le $jobs ]" \
    "at most $jobs children at once, zombies included ($(get children_max); zombies at most $(get zombies_max), mean $(get zombies_mean))"
done_testing
