#!/bin/sh
# The spawn test helper (tests/bin/child): output patterns, exit statuses,
# signals, closed streams and the things it prints about itself.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 33

C=$TESTBIN/child
T=$TAP_TMP
OUT_LINE=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz
ERR_LINE=zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA9876543210

# --- output --------------------------------------------------------------
"$C" --stdout 100000 --stderr 50001 --chunk 1000 >"$T/out" 2>"$T/err"
is "$?" 0 "exit 0 by default"
is "$(wc -c <"$T/out") $(wc -c <"$T/err")" "100000 50001" "byte counts"
yes "$OUT_LINE" | head -c 100000 >"$T/want"
ok "cmp '$T/out' '$T/want'" "stdout is the repeating 0-9A-Za-z line"
yes "$ERR_LINE" | head -c 50001 >"$T/want"
ok "cmp '$T/err' '$T/want'" "stderr is the reversed line"

is "$("$C" --stdout 6 --stderr 4 --chunk 3 2>&1)" "012zyx345w" \
    "adjacent --stdout and --stderr interleave in chunks, stdout first"
is "$("$C" --stdout 3 --print '|' --stdout 3 --eprint e 2>/dev/null)" \
    "012|
345" "a pattern goes on where it stopped"
is "$("$C" --chunk 2 --stderr 5 --stdout 1 2>&1)" "0zyxwv" \
    "the order of --stdout and --stderr does not matter"
is "$("$C" --print 'a b' --eprint c 2>/dev/null)" "a b" "--print"
is "$("$C" --print 'a b' --eprint c 2>&1 >/dev/null)" "c" "--eprint"
"$C" --stdout 0 --stderr 0 >"$T/out" 2>&1
is "$(wc -c <"$T/out")" 0 "zero bytes"

# --- exit and signals --------------------------------------------------------
"$C" --print x --exit 7 --print y >"$T/out"
is "$?:$(cat "$T/out")" "7:x" "--exit N exits at once with N"
"$C" --exit 255
is "$?" 255 "--exit 255"
# (The braces keep the shell's "Terminated" notices out of the log.)
{ "$C" --signal TERM; } 2>/dev/null
is "$?" 143 "--signal TERM: 128+15 in sh"
{ "$C" --signal 9; } 2>/dev/null
is "$?" 137 "--signal 9: 128+9"
{ "$C" --stdout 5 --signal SIGUSR1 >"$T/out"; } 2>/dev/null
is "$?:$(cat "$T/out")" "138:01234" "--signal SIGUSR1 after writing"
"$C" --signal NOPE 2>"$T/err"
is "$?:$(cat "$T/err")" "99:child: --signal: unknown signal 'NOPE'" \
    "an unknown signal is an error of the helper"
"$C" --bogus 2>"$T/err"
is "$?:$(cat "$T/err")" "99:child: unknown option '--bogus'" "unknown option"
"$C" --stdout 2>"$T/err"
is "$?:$(cat "$T/err")" "99:child: --stdout needs a value" "missing value"

"$C" --ignore-term --pidfile "$T/pidf" --sleep 1 &
pid=$!
n=0
while [ ! -e "$T/pidf" ] && [ $n -lt 200 ]; do
	sleep 0.05
	n=$((n + 1))
done
kill -TERM "$pid"
wait "$pid"
is "$?" 0 "--ignore-term survives SIGTERM"
is "$(sed -n 's/^pid=//p' "$T/pidf")" "$pid" "--pidfile writes the pid"

# --- closed streams ----------------------------------------------------------
# The reader sees EOF while the child still runs.
got=$("$C" --pidfile "$T/pid2" --print a --close-stdout --sleep 1 |
{
	cat
	kill -0 "$(sed -n 's/^pid=//p' "$T/pid2")" && echo alive
})
is "$got" "a
alive" "--close-stdout: EOF on stdout, the child keeps running"
got=$("$C" --close-stderr --eprint lost --print kept 2>"$T/err")
is "$?:$got" "99:" "writing to a closed stream is an error"

status=$( ( "$C" --stdout 10000000 2>"$T/err"; echo $? >"$T/status" ) |
    head -c 3; cat "$T/status")
is "$status:$(cat "$T/err")" "012141:" "a vanished reader: SIGPIPE, quietly"
status=$( ( trap '' PIPE; "$C" --stdout 10000000 2>"$T/err"
    echo $? >"$T/status" ) | head -c 3; cat "$T/status")
is "$status:$(cat "$T/err")" "012141:" \
    "with SIGPIPE ignored: exit 141, quietly"

# --- what it prints about itself ---------------------------------------------
"$C" --pid >"$T/out" &
pid=$!
wait "$pid"
is "$(sed -n 's/^pid=//p' "$T/out")" "$pid" "--pid prints the pid"
like "$(cat "$T/out")" "^pid=$pid
pgid=[1-9][0-9]*
ppid=$$\$" "--pid prints pgid and ppid"

got=$(CHILD_TEST='a b=c' "$C" --env | grep '^CHILD_TEST=')
is "$got" "CHILD_TEST=a b=c" "--env prints NAME=value lines"
CHILD_TEST=$(printf 'x\ny') "$C" --env0 >"$T/out"
printf 'CHILD_TEST=x\ny\0' >"$T/want"
ok "grep -z '^CHILD_TEST=' '$T/out' | cmp - '$T/want'" \
    "--env0 keeps a newline in a value"
odd=$(printf 'it'\''s "q" $x \303\251\360\237\230\200')
"$C" --argv0 -- "$odd" '' >"$T/out"
printf '%s\0--argv0\0--\0%s\0\0' "$C" "$odd" >"$T/want"
ok "cmp '$T/out' '$T/want'" "--argv0 prints argv byte-exact"
is "$(cd "$T" && "$C" --cwd)" "$(cd "$T" && pwd -P)" "--cwd"
printf 'in\0put\n' >"$T/want"
"$C" --cat <"$T/want" >"$T/out"
ok "cmp '$T/out' '$T/want'" "--cat copies stdin byte-exact"
like "$("$C" --fds 7</dev/null)" '^0 1 2( [0-9]+)* 7( [0-9]+)*$' \
    "--fds lists the open descriptors in order"
like "$( (trap '' USR2; "$C" --ignore-term --sigstate) )" \
    '^blocked=.*
ignored=(.*,)?USR2,(.*,)?TERM(,.*)?$' "--sigstate lists ignored signals"
done_testing
