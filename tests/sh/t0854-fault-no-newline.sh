#!/bin/sh
# Fault: containers print without newlines, in pieces, on both streams,
# side by side.  The captured output is exact (only the ends are stripped,
# as runflow strips), and --stream prints each task's unfinished line once
# it ends, whole and with the task's prefix, never mixed with another
# task's line.  Against the fake docker.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini
plan 10

mkdir script
# Pieces with pauses, a tab and a carriage return inside, no final newline.
printf '%s\n' 'outn partial' 'sleep 0.2' 'outn \tmore\r' 'sleep 0.2' \
    'errn err-no-newline' 'sleep 0.1' 'outn  end' >script/run.steps
# 200000 bytes without a newline for task "big" (the fake docker's
# pattern has newlines, so the bytes come from a file).
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "%09d,", i }' >big.txt
export FAKE_DOCKER_LOG="$TAP_TMP/log" FAKE_DOCKER_SCRIPT="$TAP_TMP/script"

cat >flow.hcl <<HCL
flow "nl" {
  task "docker_run" "x" {
    image   = "img"
    command = ["x"]
  }
  task "docker_run" "y" {
    image   = "img"
    command = ["y"]
  }
  task "file_write" "w" {
    filename = "$TAP_TMP/captured.txt"
    content  = "[\${task.docker_run.x.stdout}][\${task.docker_run.x.stderr}][\${task.docker_run.y.stdout}]"
  }
}
HCL
timeout 60 "$RUNFLOW" run --config=empty.ini --docker="$TESTBIN/docker" \
    --stream -j 2 flow.hcl >out 2>err
is "$?" 0 "runflow exits 0"
printf '[partial\tmore\r end][err-no-newline][partial\tmore\r end]' >want.txt
ok "cmp -s want.txt captured.txt" "the captured output is exact, pieces joined"
for t in x y; do
	printf '%s | partial\tmore\r end\n%s | err-no-newline\n' "$t" "$t" >"want.$t"
	grep -a "^$t | " out >"got.$t"
	ok "cmp -s want.$t got.$t" "--stream: task $t's unfinished lines come out whole, prefixed, at its end"
done
is "$(grep -cav '^[xy] | ' out)" 0 "--stream: no line without a task prefix"
is "$(wc -l <out | tr -d ' ')" 4 "--stream: four lines in all"

# A 200000-byte line without a newline.
rm -f script/run.steps
cp big.txt script/run.stdout
cat >big.hcl <<HCL
flow "big" {
  task "docker_run" "big" {
    image   = "img"
    command = ["big"]
  }
  task "file_write" "w" {
    filename = "$TAP_TMP/big.captured"
    content  = task.docker_run.big.stdout
  }
}
HCL
timeout 60 "$RUNFLOW" run --config=empty.ini --docker="$TESTBIN/docker" \
    --stream big.hcl >out 2>err
is "$?" 0 "a 200000-byte line: runflow exits 0"
ok "cmp -s big.txt big.captured" "a 200000-byte line: captured exactly"
{ printf 'big | '; cat big.txt; echo; } >want.big
ok "cmp -s want.big out" "a 200000-byte line: --stream prints it once, prefixed, with a newline"
is "$(ls "$TAP_TMP/log/containers")" "" "no fake container is left"
done_testing
