#!/bin/sh
# The fake docker (tests/bin/docker): what it records, what it plays back,
# and the parts of docker's behaviour it copies.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 63

D=$TESTBIN/docker
C=$TESTBIN/child
FAKE_DOCKER_LOG=$TAP_TMP/log
FAKE_DOCKER_SCRIPT=$TAP_TMP/script
export FAKE_DOCKER_LOG FAKE_DOCKER_SCRIPT
unset FAKE_DOCKER_VERSION
mkdir "$FAKE_DOCKER_SCRIPT"
L=$FAKE_DOCKER_LOG
S=$FAKE_DOCKER_SCRIPT

# wait_for PATH: wait up to 10 s until PATH exists and is not empty.
wait_for() {
	n=0
	while [ ! -s "$1" ] && [ $n -lt 200 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	[ -s "$1" ]
}

# meta N KEY: the value of KEY in invocation N's meta record.
meta() {
	sed -n "s/^$2=//p" "$L/$(printf %04d "$1").meta"
}

# elapsed_ms N: how long invocation N ran, in milliseconds.
elapsed_ms() {
	awk -F= '/^start=/ { s = $2 } /^end=/ { e = $2 }
	    END { printf "%d\n", (e - s) * 1000 }' \
	    "$L/$(printf %04d "$1").meta"
}

# reset: a fresh log and an empty script folder.
reset() {
	rm -rf "$L" "$S"
	mkdir "$S"
}

# --- recording -------------------------------------------------------------
# One argument with spaces, both quotes, $, a newline, é and an emoji.
odd=$(printf 'a b '\''single'\'' "double" $HOME\nsecond line \303\251 \360\237\230\200')
FAKE_TEST_VALUE='x y $z' "$D" run --rm "--env=V=$odd" img "$odd" ''
is "$?" 0 "a run with no script exits 0"
printf 'run\0--rm\0--env=V=%s\0img\0%s\0\0' "$odd" "$odd" >"$TAP_TMP/argv"
ok "cmp '$L/0001.argv' '$TAP_TMP/argv'" "argv is recorded byte-exact, NUL-separated"
ok "tr '\\0' '\\n' <'$L/0001.env' | grep -qx 'FAKE_TEST_VALUE=x y \$z'" \
    "the environment is recorded"
is "$(meta 1 subcommand)" run "meta names the subcommand"
is "$(meta 1 argv0)" "$D" "meta keeps argv[0]"
like "$(meta 1 pid)" '^[1-9][0-9]*$' "meta has the pid"
is "$(meta 1 exit)" 0 "meta has the exit status"
ok "[ \$(elapsed_ms 1) -ge 0 ] && [ \$(elapsed_ms 1) -lt 5000 ]" \
    "meta has start and end times"
is "$(cat "$L/seq")" 1 "seq counts invocations"

"$D" images
"$C" --env0 | grep -zv '^_=' >"$TAP_TMP/env"
# bash sets $_ to the program's path, so that entry differs.
ok "grep -zv '^_=' '$L/0002.env' | cmp - '$TAP_TMP/env'" \
    "the whole environment is recorded"

"$D" --host unix:///x -l debug ps -a
is "$(meta 3 subcommand)" ps "global options and their values are skipped"

# --- version -----------------------------------------------------------------
is "$("$D" --version)" "Docker version 28.2.2, build e6534b4" "--version"
is "$("$D" version)" "Docker version 28.2.2, build e6534b4" "version"
is "$(FAKE_DOCKER_VERSION='podman version 4.3.1' "$D" -v)" \
    "podman version 4.3.1" "FAKE_DOCKER_VERSION sets the version line"
is "$(meta 6 subcommand)" version "-v counts as the version subcommand"

# --- playback ----------------------------------------------------------------
reset
printf 'by subcommand\n' >"$S/run.stdout"
printf 'second\n' >"$S/2.stdout"
printf 'oops\n' >"$S/2.stderr"
printf '3\n' >"$S/2.exit"
printf 'default out' >"$S/default.stdout"
printf '4' >"$S/default.exit"
out=$("$D" run img)
is "$?:$out" "4:by subcommand" \
    "run.stdout plays for a run (and default.exit, as there is no run.exit)"
out=$("$D" run img 2>"$TAP_TMP/err")
is "$?:$out:$(cat "$TAP_TMP/err")" "3:second:oops" \
    "N.* plays for invocation N, each part on its own"
out=$("$D" pull img)
is "$?:$out" "4:default out" "default.* plays for other subcommands"
out=$("$D" --version)
is "$?:$out" "0:Docker version 28.2.2, build e6534b4" \
    "default.* does not replace the built-in version"
printf 'fake version\n' >"$S/version.stdout"
is "$("$D" version)" "fake version" "version.stdout replaces the built-in"

reset
printf '0.4' >"$S/run.delay"
printf 'before the delay' >"$S/run.stdout"
"$D" run img >/dev/null
ok "[ \$(elapsed_ms 1) -ge 400 ]" "run.delay waits (decimal seconds)"

# Steps stream output in pieces with pauses in between.
reset
printf '%s\n' 'out one' '# a comment' '' 'sleep 1' 'errn two\x41\n' \
    'outbytes 5' 'outn \ttab\\' 'err end' >"$S/run.steps"
"$D" run img >"$TAP_TMP/out" 2>"$TAP_TMP/err"
printf 'one\n01234\ttab\\' >"$TAP_TMP/want"
ok "cmp '$TAP_TMP/out' '$TAP_TMP/want'" "steps write stdout with escapes"
is "$(cat "$TAP_TMP/err")" "$(printf 'twoA\nend')" "steps write stderr"
gap=$("$D" run img 2>/dev/null | {
	IFS= read -r a
	t1=$(date +%s%N)
	IFS= read -r b
	t2=$(date +%s%N)
	echo "$a $(((t2 - t1) / 1000000))"
})
like "$gap" '^one ([5-9][0-9][0-9]|[0-9]{4,})$' \
    "the first line arrives before the pause ($gap ms)"

# Generated output, and 64 MiB of it.
reset
printf '%s' 67108864 >"$S/run.stdout-bytes"
printf '%s' 1000 >"$S/run.stderr-bytes"
"$D" run img >"$TAP_TMP/big" 2>"$TAP_TMP/err"
is "$(wc -c <"$TAP_TMP/big")" 67108864 "stdout-bytes writes that many bytes"
"$C" --stdout 67108864 >"$TAP_TMP/want"
ok "cmp '$TAP_TMP/big' '$TAP_TMP/want'" "the 64 MiB are the stdout pattern"
is "$(cksum <"$TAP_TMP/big")" "$(yes 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz |
    head -c 67108864 | cksum)" "the pattern is 0-9A-Za-z and a newline"
rm -f "$TAP_TMP/big" "$TAP_TMP/want"
"$C" --stderr 1000 2>"$TAP_TMP/want"
ok "cmp '$TAP_TMP/err' '$TAP_TMP/want'" "stderr-bytes writes the stderr pattern"

# A reader that goes away: docker dies by SIGPIPE, quietly.
reset
printf '%s' 10000000 >"$S/run.stdout-bytes"
status=$( ( "$D" run img 2>"$TAP_TMP/err"; echo $? >"$TAP_TMP/status" ) |
    head -c 10; cat "$TAP_TMP/status")
is "$status" "0123456789141" "a closed pipe ends it by SIGPIPE"
is "$(cat "$TAP_TMP/err")" "" "nothing is printed then"
is "$(meta 1 signal)" PIPE "meta records the SIGPIPE end"

reset
touch "$S/run.record-stdin"
printf 'in\0put' | "$D" run -i img
printf 'in\0put' >"$TAP_TMP/want"
ok "cmp '$L/0001.stdin' '$TAP_TMP/want'" "record-stdin keeps stdin"

reset
printf 'x' >"$S/run.exit"
"$D" run img 2>"$TAP_TMP/err"
is "$?:$(cat "$TAP_TMP/err")" "99:fake-docker: exit: bad exit status 'x'" \
    "a bad script file is an error of the fake (99)"

# --- cidfile -----------------------------------------------------------------
reset
mkdir "$TAP_TMP/c"
cid=$TAP_TMP/c/cid
"$D" run --rm --cidfile="$cid" -it -e X img true
is "$(cat "$cid")" \
    fa4ed0c400000000000000000000000000000000000000000000000000000001 \
    "--cidfile=PATH gets the id of invocation 1, no newline"
"$D" run --cidfile="$cid" img 2>"$TAP_TMP/err"
is "$?" 125 "an existing cidfile makes run exit 125"
is "$(cat "$TAP_TMP/err")" "docker: container ID file found, make sure the other container isn't running or delete $cid

Run 'docker run --help' for more information" "with docker's message"
ok "[ ! -e '$L/containers/fa4ed0c400000000000000000000000000000000000000000000000000000002' ]" \
    "and creates no container"
rm -f "$cid"
printf 'c0ffee\n' >"$S/3.cid"
"$D" run -e --cidfile -v /a:/b --cidfile "$cid" img --cidfile=x
is "$(cat "$cid"):$(ls "$TAP_TMP/c")" "c0ffee:cid" \
    "--cidfile PATH works, N.cid sets the id, option values are skipped"
rm -f "$cid"
touch "$S/run.no-cid"
printf 125 >"$S/run.exit"
"$D" run --cidfile="$cid" img
is "$?:$(ls "$TAP_TMP/c")" "125:" "no-cid: no cidfile"
rm "$S/run.no-cid" "$S/run.exit"
"$D" run --cidfile="$TAP_TMP/no/such/dir" img 2>"$TAP_TMP/err"
is "$?:$(head -n 1 "$TAP_TMP/err")" "125:docker: failed to create the container ID file: open $TAP_TMP/no/such/dir: No such file or directory" \
    "an uncreatable cidfile is docker's error"

# --- concurrency and numbering ---------------------------------------------
reset
printf 1 >"$S/run.delay"
for i in 1 2 3; do
	"$D" run img &
done
"$D" ps
wait
is "$(cat "$L/max_running")" 3 "three parallel runs: max_running is 3"
is "$(cat "$L/running")" 0 "running is back to 0"

reset
i=0
while [ $i -lt 20 ]; do
	"$D" inspect "n$i" &
	i=$((i + 1))
done
wait
is "$(cat "$L/seq")" 20 "twenty concurrent invocations are counted"
is "$(cat "$L"/*.argv | tr '\0' '\n' | grep '^n' | sort -u | wc -l)" 20 \
    "each got its own number"
ok "[ ! -e '$L/max_running' ]" "only runs count as running"

# --- signals -----------------------------------------------------------------
reset
printf 10 >"$S/run.delay"
"$D" run img &
pid=$!
wait_for "$L/0001.meta"
kill -TERM "$pid"
wait "$pid"
is "$?:$(cat "$L/0001.signal")" "143:TERM" "SIGTERM in the delay: 143, recorded"
"$D" run img &
pid=$!
wait_for "$L/0002.meta"
kill -INT "$pid"
wait "$pid"
is "$?:$(cat "$L/0002.signal")" "130:INT" "SIGINT in the delay: 130, recorded"
is "$(meta 2 exit)" 130 "meta records the exit status"
printf 0.6 >"$S/run.delay"
touch "$S/run.ignore-term"
"$D" run img &
pid=$!
wait_for "$L/0003.meta"
kill -TERM "$pid"
wait "$pid"
is "$?:$(cat "$L/0003.signal")" "0:TERM ignored" "ignore-term: recorded, ignored"
ok "[ \$(elapsed_ms 3) -ge 600 ]" "and the delay ran to its end"

# --- fake containers: kill, stop, rm -------------------------------------
reset
printf 10 >"$S/run.delay"
"$D" run --cidfile="$TAP_TMP/cid" img &
pid=$!
wait_for "$TAP_TMP/cid"
cid=$(cat "$TAP_TMP/cid")
is "$(cat "$L/containers/$cid")" "running $pid" "a running container is registered"
out=$("$D" kill fa4ed0c4000)
is "$?:$out" "0:fa4ed0c4000" "kill by id prefix prints the name given"
wait "$pid"
is "$?:$(cat "$L/0001.signal")" "137:container KILL" \
    "the run of a killed container records it and exits 137"
is "$(cat "$L/containers/$cid")" "exited 137" "the container is exited"
out=$("$D" kill "$cid" 2>&1)
is "$?:$out" "1:Error response from daemon: cannot kill container: $cid: container $cid is not running" \
    "kill of an exited container fails"
"$D" run img &
pid=$!
wait_for "$L/containers/fa4ed0c400000000000000000000000000000000000000000000000000000004"
out=$("$D" kill fa4ed0c4 2>&1)
is "$?:$out" "1:Error response from daemon: No such container: fa4ed0c4" \
    "an ambiguous prefix matches no container"
"$D" kill fa4ed0c400000000000000000000000000000000000000000000000000000004 >/dev/null
wait "$pid"
out=$("$D" rm "$cid" nosuch 2>&1)
is "$?:$out" "1:$cid
Error response from daemon: No such container: nosuch" "rm removes it; an unknown one fails"
rm -f "$TAP_TMP/cid"

"$D" run --rm --cidfile="$TAP_TMP/cid" img &
pid=$!
wait_for "$TAP_TMP/cid"
cid=$(cat "$TAP_TMP/cid")
"$D" rm "$cid" 2>"$TAP_TMP/err"
is "$?:$(cat "$TAP_TMP/err")" "1:Error response from daemon: cannot remove container \"$cid\": container is running: stop the container before removing or force remove" \
    "rm of a running container needs -f"
"$D" kill -s TERM "$cid" >/dev/null
wait "$pid"
is "$?:$(cat "$L/0008.signal")" "143:container TERM" "kill -s TERM: exit 143"
ok "[ ! -e '$L/containers/$cid' ]" "--rm: the container is gone when it ends"
rm -f "$TAP_TMP/cid"

touch "$S/run.ignore-term"
"$D" run --cidfile="$TAP_TMP/cid" img &
pid=$!
wait_for "$TAP_TMP/cid"
cid=$(cat "$TAP_TMP/cid")
"$D" stop --time=0.3 "$cid" >/dev/null
wait "$pid"
is "$?:$(tr '\n' , <"$L/0011.signal")" "137:container TERM ignored,container KILL," \
    "stop sends TERM, then KILL after --time"
rm -f "$TAP_TMP/cid"
printf 2 >"$S/kill.exit"
"$D" run --cidfile="$TAP_TMP/cid" img &
pid=$!
wait_for "$TAP_TMP/cid"
out=$("$D" kill "$(cat "$TAP_TMP/cid")")
is "$?:$out" "2:" "a scripted kill replaces the built-in one"
"$D" rm -f "$(cat "$TAP_TMP/cid")" >/dev/null
wait "$pid"
is "$?" 137 "rm -f kills a running container"
done_testing
