#!/bin/sh
# docker_run inside a flow_run sub-flow, against the fake docker: the
# argv, a container label that stays unique in the run, the export of the
# container's output, and two instances of one sub-flow side by side.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 7

D=$TESTBIN/docker
FAKE_DOCKER_LOG=$TAP_TMP/log
FAKE_DOCKER_SCRIPT=$TAP_TMP/script
TMPDIR=$TAP_TMP/tmp
export FAKE_DOCKER_LOG FAKE_DOCKER_SCRIPT TMPDIR
unset FAKE_DOCKER_VERSION DOCKER_HOST DOCKER_CONTEXT RUNFLOW_DOCKER
mkdir "$TMPDIR" "$FAKE_DOCKER_SCRIPT"
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

# argv N: call N's argv, one element a line, cidfile and run id replaced.
argv() {
	tr '\0' '\n' <"$FAKE_DOCKER_LOG/$(printf %04d "$1").argv" | sed -E \
	    -e "s#^--cidfile=$TMPDIR/runflow-docker\.[A-Za-z0-9]{6}/[0-9]+\.cid\$#--cidfile=CIDFILE#" \
	    -e 's#^--label=runflow\.run=.+$#--label=runflow.run=RID#'
}

cat >build.hcl <<'HCL'
flow "build" {
  variable "tag" {}
  task "docker_run" "hello" {
    image   = "alpine:${var.tag}"
    command = "echo hi"
  }
}
HCL
cat >top.hcl <<'HCL'
flow "top" {
  task "flow_run" "build" {
    path = "build.hcl"
    vars = { tag = "3.19" }
    export { out = "task.docker_run.hello.stdout" }
  }
  task "bash_run" "show" { command = "echo 'got ${task.flow_run.build.out}'" }
}
HCL
printf 'hello from docker\n' >"$FAKE_DOCKER_SCRIPT/run.stdout"
"$RUNFLOW" run --config=empty.ini --docker="$D" top.hcl >out 2>err
is "$?" 0 "a sub-flow's docker_run task succeeds"
is "$(cat out)" "got hello from docker" "its stdout is exported to a later task"
n=$(grep -l '^subcommand=run$' "$FAKE_DOCKER_LOG"/*.meta | sed 's#.*/0*##; s#\.meta##')
is "$(argv "$n")" "run
--rm
--cidfile=CIDFILE
--label=runflow.run=RID
--label=runflow.task=task.flow_run.build > task.docker_run.hello
alpine:3.19
echo
hi" "the argv: vars reach the image, the task label carries the flow_run task"
like "$(cat err)" 'Task "build > hello" is successful\.' "logged as build > hello"

# Two flow_run tasks running the same file at once: their containers get
# distinct task labels, so stopping one never touches the other.
rm -rf "$FAKE_DOCKER_LOG"
cat >twice.hcl <<'HCL'
flow "twice" {
  task "flow_run" "a" {
    path = "build.hcl"
    vars = { tag = "a" }
  }
  task "flow_run" "b" {
    path = "build.hcl"
    vars = { tag = "b" }
  }
}
HCL
printf 0.3 >"$FAKE_DOCKER_SCRIPT/run.delay"
"$RUNFLOW" run --config=empty.ini --docker="$D" -j 2 twice.hcl >out 2>err
is "$?" 0 "two instances of one sub-flow succeed"
is "$(cat "$FAKE_DOCKER_LOG"/*.argv | tr '\0' '\n' | grep '^--label=runflow\.task=' | sort)" \
"--label=runflow.task=task.flow_run.a > task.docker_run.hello
--label=runflow.task=task.flow_run.b > task.docker_run.hello" "with distinct task labels"
is "$(cat "$FAKE_DOCKER_LOG/max_running")" 2 "side by side under -j 2"
