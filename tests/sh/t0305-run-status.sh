#!/bin/sh
# The live status line: drawn in place on a terminal (here a pty made by
# script(1)), cleared before every log line and at the end.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 4

command -v script >/dev/null 2>&1 || bail "script(1) from util-linux is needed for a pty"
cat > "$TAP_TMP/slow.hcl" <<'HCL'
flow "slow" {
  task "bash_run" "slow" {
    command = "sleep 0.7"
  }
}
HCL
script -qec "'$RUNFLOW' run '$TAP_TMP/slow.hcl'" /dev/null > "$TAP_TMP/tty" 2>&1
is "$?" 0 "the flow succeeds on a terminal"
cr=$(printf '\r')
esc=$(printf '\033')
ok "grep -q '${cr}${esc}\[K1 running: slow 0\.[0-9]s | 0 done, 0 failed | 0\.[0-9] s' '$TAP_TMP/tty'" \
	"the status line names the running task and its time"
ok "grep -q '${cr}${esc}\[K\[[0-9-]* [0-9:,]*\] Task \"slow\" is successful\.' '$TAP_TMP/tty'" \
	"it is erased before a log line"
last=$(tail -n 1 "$TAP_TMP/tty" | tr -d '\r')
like "$last" '^\[[^]]*\] 1 succeeded, 0 failed, 0 canceled in 0\.[0-9] s$' \
	"nothing of it is left after the summary"
done_testing
