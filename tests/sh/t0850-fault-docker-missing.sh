#!/bin/sh
# Fault: the docker program is missing or cannot be run.  Every docker_run
# task fails with the reason and the hint, its dependents are canceled,
# independent tasks still run, runflow exits 1 promptly and leaves no
# cidfile folder behind.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
plan 21

: >empty.ini
mkdir tmp emptybin
printf '#!/bin/sh\necho never\n' >notexec
chmod 644 notexec
cat >flow.hcl <<'HCL'
flow "missing" {
  task "docker_run" "a" {
    image   = "img"
    command = ["echo", "hi"]
  }
  task "docker_run" "b" {
    image   = "img"
    command = ["echo", "hi"]
  }
  task "bash_run" "after" {
    command = "echo ${task.docker_run.a.stdout}"
  }
  task "bash_run" "alone" {
    command = "echo alone"
  }
}
HCL
hint="    choose the docker program with --docker=BIN, the RUNFLOW_DOCKER environment variable or 'binary' in the [docker] section of the settings file"

# try NAME REASON HINTS DESCRIPTION [ENV...] -- RUNFLOW-ARGS: run the flow
# and check that both docker_run tasks failed with "cannot run 'NAME':
# REASON", HINTS of them followed by the hint line.
try() {
	name=$1
	reason=$2
	hints=$3
	what=$4
	shift 4
	env_args=
	while [ "$1" != -- ]; do
		env_args="$env_args $1"
		shift
	done
	shift
	start=$(date +%s)
	# shellcheck disable=SC2086 # assignments, one word each
	timeout 60 env $env_args TMPDIR="$TAP_TMP/tmp" "$RUNFLOW" run \
	    --config=empty.ini -j 4 "$@" flow.hcl >out 2>err
	rc=$?
	took=$(($(date +%s) - start))
	is "$rc" 1 "$what: runflow exits 1"
	is "$(grep -cxF "    cannot run '$name': $reason" err)" 2 \
	    "$what: both docker_run tasks say they cannot run '$name': $reason"
	is "$(grep -cxF -- "$hint" err)" "$hints" \
	    "$what: $hints failures carry the hint"
	like "$(cat err)" 'Task "after" is canceled\.' \
	    "$what: the dependent task is canceled"
	is "$(cat out)" alone "$what: the independent task ran"
	ok "[ $took -lt 20 ]" "$what: over in $took s"
	is "$(ls -A tmp)" "" "$what: no cidfile folder is left in TMPDIR"
	rm -f out err
}

enoent="No such file or directory"
try /nonexistent/docker "$enoent" 2 "--docker names no file" \
    -- --docker=/nonexistent/docker
try docker "$enoent" 2 "docker is not on PATH" PATH="$TAP_TMP/emptybin" --
# A program that exists but cannot run needs no hint about choosing one.
try "$TAP_TMP/notexec" "Permission denied" 0 "RUNFLOW_DOCKER is not executable" \
    RUNFLOW_DOCKER="$TAP_TMP/notexec" --
done_testing
