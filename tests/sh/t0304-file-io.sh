#!/bin/sh
# file_write and file_read: atomic replacement, modes kept, /dev/stdout,
# base64, and a failed write that leaves the old file whole.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 12

cat > "$TAP_TMP/io.hcl" <<'HCL'
flow "io" {
  variable "dir" {}
  task "file_write" "w" {
    filename = "${var.dir}/out.txt"
    content = "hello\n"
  }
  task "file_read" "r" {
    filename = task.file_write.w.filename
  }
  task "file_write" "show" {
    filename = "/dev/stdout"
    content = "${task.file_read.r.content}${task.file_read.r.b64content}\n"
  }
  task "file_write" "bin" {
    filename = "${var.dir}/bin"
    b64content = "AAEC/w=="
  }
}
HCL
echo old > "$TAP_TMP/out.txt"
chmod 640 "$TAP_TMP/out.txt"
"$RUNFLOW" run "$TAP_TMP/io.hcl" --var dir="$TAP_TMP" -j 1 \
	>"$TAP_TMP/stdout" 2>"$TAP_TMP/err"
is "$?" 0 "the file flow succeeds"
is "$(cat "$TAP_TMP/out.txt")" "hello" "file_write replaced the file"
is "$(stat -c %a "$TAP_TMP/out.txt")" 640 "and kept its mode"
is "$(cat "$TAP_TMP/stdout")" "hello
aGVsbG8K" "file_read gives content and b64content; /dev/stdout prints"
is "$(od -An -tx1 "$TAP_TMP/bin" | tr -d ' \n')" "000102ff" "b64content is written as raw bytes"
is "$(ls -a "$TAP_TMP" | grep -c '\.tmp$')" 0 "no temporary file is left"

# A write that fails (the file size limit) leaves the old file whole.
cat > "$TAP_TMP/big.hcl" <<'HCL'
flow "big" {
  variable "dir" {}
  task "file_write" "big" {
    filename = "${var.dir}/keep.txt"
    content = join("", [for i in range(2000) : "0123456789"])
  }
}
HCL
echo "old content" > "$TAP_TMP/keep.txt"
(
	trap '' XFSZ
	ulimit -f 8
	exec "$RUNFLOW" run "$TAP_TMP/big.hcl" --var dir="$TAP_TMP"
) >/dev/null 2>"$TAP_TMP/err"
is "$?" 1 "a failed write fails the task"
like "$(cat "$TAP_TMP/err")" "^    cannot write '$TAP_TMP/keep.txt': File too large\$" \
	"the reason names the file and the error"
is "$(cat "$TAP_TMP/keep.txt")" "old content" "the old file is whole"
is "$(ls -a "$TAP_TMP" | grep -c '\.tmp$')" 0 "no temporary file is left behind"

# Argument errors are reported before anything runs.
cat > "$TAP_TMP/bad.hcl" <<'HCL'
flow "bad" {
  task "file_read" "remote" {
    filename = "x"
    fs = "s3"
  }
  task "file_write" "both" {
    filename = "y"
    content = "a"
    b64content = "YQ=="
  }
}
HCL
"$RUNFLOW" run "$TAP_TMP/bad.hcl" >/dev/null 2>"$TAP_TMP/err"
is "$?" 2 "invalid task arguments exit 2 before any task runs"
like "$(cat "$TAP_TMP/err")" "error: argument 'fs' \(remote file systems\) is not supported" \
	"runflow's fs argument is a clear error"
done_testing
