#!/bin/sh
# Fault: file_write on a full disk.  A 64 KiB tmpfs holds the target: a
# 300 KB content cannot fit, so the write fails with the system's words,
# the old file stays whole, no temporary file is left, the dependent task
# is canceled and runflow exits 1.  The same when no inode is left for
# the temporary file, on a read-only mount, and for the device /dev/full
# (written in place, never replaced).  Mounting needs root.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini
mkdir full

mounted=
cleanup() {
	[ -z "$mounted" ] || umount "$TAP_TMP/full" 2>/dev/null ||
	    umount -l "$TAP_TMP/full"
	rm -rf "$TAP_TMP"
}
trap cleanup EXIT

# mount_full OPTIONS: a fresh tmpfs on full/ holding target ("old").
mount_full() {
	if [ -n "$mounted" ]; then
		umount "$TAP_TMP/full" || return 1
		mounted=
	fi
	mount -t tmpfs -o "$1" tmpfs "$TAP_TMP/full" 2>mount.err || return 1
	mounted=yes
	printf 'old content\n' >full/target
}
if ! mount_full size=64k; then
	plan 1
	tap_result 1 "a 64 KiB tmpfs can be mounted"
	diag "$(cat mount.err)" "this test mounts small tmpfs file systems: run it as root"
	exit 1
fi
plan 21

awk 'BEGIN { for (i = 0; i < 4000; i++)
	printf "%05d 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS\n", i }' >big.txt
# flow TARGET: write big.txt over TARGET, then a dependent task.
flow() {
	cat >flow.hcl <<HCL
flow "full" {
  task "file_write" "w" {
    filename = "$1"
    content  = file("$TAP_TMP/big.txt")
  }
  task "bash_run" "after" {
    command     = "echo after"
    _depends_on = [task.file_write.w]
  }
}
HCL
}

# check WHAT TARGET MESSAGE: run the flow and check the outcome.
check() {
	flow "$2"
	timeout 60 "$RUNFLOW" run --config=empty.ini flow.hcl >out 2>err
	is "$?" 1 "$1: runflow exits 1"
	is "$(grep -A1 'Task "w" is failed\.' err | tail -n 1)" \
	    "    $3" "$1: the failure says why"
	like "$(cat err)" 'Task "after" is canceled\.' "$1: the dependent task is canceled"
	is "$(cat out)" "" "$1: nothing ran after it"
}

# 1-6: no space for the content.
check "no space" "$TAP_TMP/full/target" \
    "cannot write '$TAP_TMP/full/target': No space left on device"
is "$(cat full/target)" "old content" "no space: the old file is whole"
is "$(ls -A full)" "target" "no space: no temporary file is left"

# 7-12: no inode for the temporary file (the root folder and the target
# take the two there are).
mount_full size=1m,nr_inodes=2
check "no inode" "$TAP_TMP/full/target" \
    "cannot create a temporary file for '$TAP_TMP/full/target': No space left on device"
is "$(cat full/target)" "old content" "no inode: the old file is whole"
is "$(ls -A full)" "target" "no inode: no temporary file is left"

# 13-18: a read-only mount.
mount_full size=1m
mount -o remount,ro "$TAP_TMP/full"
check "read-only" "$TAP_TMP/full/target" \
    "cannot create a temporary file for '$TAP_TMP/full/target': Read-only file system"
is "$(cat full/target)" "old content" "read-only: the old file is whole"
is "$(ls -A full)" "target" "read-only: no temporary file is left"

# 19-21: /dev/full is written in place and stays a device.
flow /dev/full
timeout 60 "$RUNFLOW" run --config=empty.ini flow.hcl >out 2>err
rc=$?
ok "[ $rc -eq 1 ] && grep -qxF \"    cannot write '/dev/full': No space left on device\" err" \
    "/dev/full: exit 1, the failure says why"
ok "[ -c /dev/full ]" "/dev/full is still a character device"
is "$(ls -A /dev | grep -c '^\.full\.')" 0 "/dev holds no temporary file"
done_testing
