#!/bin/sh
# Load: 200 independent containers against the test engine with -j 32
# (bench/load-engine.sh).  All succeed, never more than 32 CLIs run at
# once, runflow's descriptors and memory stay flat, and nothing labelled
# with the run, no docker CLI and no cidfile folder is left.  Needs the
# test engine (scripts/engine).
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
containers=${RUNFLOW_LOAD_CONTAINERS:-200}
jobs=32

require_engine
plan 13

RUNFLOW=$RUNFLOW TMPDIR=$TAP_TMP \
    sh "$top_srcdir/bench/load-engine.sh" -n "$containers" -j "$jobs" \
    >"$TAP_TMP/report"
diag "$(cat "$TAP_TMP/report")"
# get KEY: the value of KEY in the report.
get() {
	sed -n "s/^$1=//p" "$TAP_TMP/report"
}

is "$(get status)" 0 "runflow exits 0"
is "$(get succeeded)" "$containers" "$containers tasks are successful"
like "$(get summary)" "^$containers succeeded, 0 failed, 0 canceled in " \
    "the summary line counts them"
ok "[ -n '$(get run)' ]" "the run id ($(get run)) is in the log"
is "$(get labelled_left)" 0 "no container labelled with the run is left"
is "$(get clis_left)" 0 "no docker CLI of the run is alive"
is "$(get tmpdir_left)" 0 "no cidfile folder is left in TMPDIR"
ok "[ $(get samples) -ge 5 ]" "runflow was sampled $(get samples) times"
ok "[ $(get fd_max) -le $((2 * jobs + 32)) ]" \
    "at most $((2 * jobs + 32)) descriptors open ($(get fd_max))"
ok "[ $(get fd_max_second_half) -le $(($(get fd_max_first_half) + 4)) ]" \
    "descriptors stay flat ($(get fd_max_first_half) then $(get fd_max_second_half))"
# A child that was not reaped stays a child: reaping keeps up when the
# children, zombies included, never outnumber the pool.
ok "[ $(get children_max) -ge 2 ] && [ $(get children_max) -le $jobs ]" \
    "at most $jobs children at once, zombies included ($(get children_max); zombies at most $(get zombies_max))"
if grep -q __asan_init "$RUNFLOW" 2>/dev/null ||
    [ "$(head -c 2 "$RUNFLOW")" = "#!" ]; then
	skip "memory: runflow is instrumented or wrapped"
	skip "peak memory: runflow is instrumented or wrapped"
else
	grow=$(($(get rss_kb_max_second_half) - $(get rss_kb_max_first_half)))
	ok "[ $(get rss_kb_first) -gt 0 ] && [ $grow -le 1024 ]" \
	    "memory grows by at most 1 MiB over the second half ($grow KiB)"
	ok "[ $(get hwm_kb) -le 65536 ]" "peak resident memory $(get hwm_kb) KiB, under 64 MiB"
fi
done_testing
