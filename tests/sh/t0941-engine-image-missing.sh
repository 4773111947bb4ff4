#!/bin/sh
# Fault: the image does not exist and no registry is reachable.  The task
# fails with docker's own words, its dependent is canceled, an independent
# task still succeeds, runflow exits 1 and nothing labelled with the run
# is left.  Needs the test engine (scripts/engine).
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini
mkdir tmp

require_engine
plan 9

image=runflow-test/no-such-image:t0941-$$
cat >flow.hcl <<HCL
flow "image" {
  task "docker_run" "missing" {
    image   = "$image"
    command = ["echo", "never"]
  }
  task "bash_run" "after" {
    command = "echo \${task.docker_run.missing.stdout}"
  }
  task "docker_run" "present" {
    image   = "runflow-test/base:latest"
    command = ["echo", "present"]
  }
}
HCL
TMPDIR=$TAP_TMP/tmp timeout 120 "$RUNFLOW" run --config=empty.ini \
    --log-level=debug -j 3 flow.hcl >out 2>err
rc=$?
rid=$(sed -n 's/.*Run \([^ ]*\) of flow.*/\1/p' err)
is "$rc" 1 "runflow exits 1"
is "$(grep -A1 'Task "missing" is failed\.' err | tail -n 1)" \
    "    docker could not run the container of image '$image' (exit status 125)" \
    "the failure names the image and docker's status 125"
like "$(cat err)" "    Unable to find image '$image' locally" \
    "docker's words: the image is not here"
like "$(cat err)" "    docker: Error response from daemon: " \
    "docker's words: the daemon's error"
like "$(cat err)" 'Task "after" is canceled\.' "the dependent task is canceled"
like "$(cat err)" 'Task "present" is successful\.' "the independent task succeeds"
like "$(tail -n 1 err)" '1 succeeded, 1 failed, 1 canceled in ' "the summary counts them"
ok "[ -n '$rid' ] && [ \$(docker ps -aq --filter 'label=runflow.run=$rid' | wc -l) -eq 0 ]" \
    "no container labelled runflow.run=$rid is left"
is "$(ls -A tmp)" "" "no cidfile folder is left in TMPDIR"
done_testing
