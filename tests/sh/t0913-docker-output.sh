#!/bin/sh
# Captured output against the test engine: 64 MiB (the default cap) comes
# back byte for byte; more than the cap fails clearly and leaves no
# container behind.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

require_engine
plan 7

LINE=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz

# flow FILE BYTES: a container printing BYTES bytes of the pattern.
flow() {
	cat >"$1" <<EOF
flow "output" {
  task "docker_run" "big" {
    image   = "runflow-test/base:latest"
    command = ["/bin/sh", "-c", "yes $LINE | head -c $2"]
  }
  task "file_write" "save" {
    filename = "out.bin"
    content  = task.docker_run.big.stdout
  }
}
EOF
}

# 64 MiB ends inside a line (67108864 % 63 = 4), so nothing is stripped.
flow big.hcl 67108864
timeout 300 "$RUNFLOW" run --config="$TAP_TMP/empty.ini" big.hcl 2>err.txt
is "$?" 0 "64 MiB: runflow exits 0 under the default cap"
is "$(wc -c <out.bin | tr -d ' ')" 67108864 "64 MiB: every byte saved"
ok "yes $LINE | head -c 67108864 | cmp -s - out.bin" "64 MiB: byte for byte"
rm -f out.bin

printf '[run]\noutput_cap = 1m\n' >cap.ini
flow over.hcl 2097152
timeout 300 "$RUNFLOW" run --config="$TAP_TMP/cap.ini" --log-level=debug \
    over.hcl 2>err.txt
is "$?" 1 "over the cap: runflow exits 1"
ok "grep -qxF \"    the container's stdout passed the capture cap of 1 MiB; nothing was cut: raise 'output_cap' in the [run] section of the settings file\" err.txt" \
    "over the cap: the message names the cap and the setting"
ok "[ ! -e out.bin ]" "over the cap: nothing saved"
rid=$(sed -n 's/.*Run \([^ ]*\) of flow.*/\1/p' err.txt)
is "${rid:+$(docker ps -aq --filter "label=runflow.run=$rid" | wc -l | tr -d ' ')}" 0 \
    "over the cap: no container left"
