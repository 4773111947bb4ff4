#!/bin/sh
# Fault: a task closes its stdout (or both outputs) early and keeps
# running.  EOF is not the end: runflow waits for the process, keeps what
# it writes on the open stream afterwards and takes its exit status, for
# bash_run and for docker_run (a docker that closes stdout, then runs the
# fake docker).  A dependent task checks that the process had ended.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini
plan 12

# 1-6: bash_run.
cat >bash.hcl <<HCL
flow "closed" {
  task "bash_run" "half" {
    command = "echo early; exec >&-; sleep 1; echo late >&2; touch $TAP_TMP/half.done"
  }
  task "bash_run" "both" {
    command = "exec >&- 2>&-; sleep 1; touch $TAP_TMP/both.done; exit 3"
  }
  task "bash_run" "check" {
    command = "test -e $TAP_TMP/half.done && echo 'seen [\${task.bash_run.half.stdout}] [\${task.bash_run.half.stderr}] \${task.bash_run.half.returncode}'"
  }
}
HCL
timeout 60 "$RUNFLOW" run --config=empty.ini -j 3 bash.hcl >out 2>err
is "$?" 1 "bash_run: runflow exits 1 (one task failed)"
is "$(grep -v '^early$' out)" "seen [early] [late] 0" \
    "bash_run: the dependent task ran after the process ended, with what it wrote after closing stdout"
like "$(cat err)" 'Task "half" is successful\.' "bash_run: the half-closed task succeeds"
ok "[ -e both.done ]" "bash_run: the task with both outputs closed ran to its end"
is "$(grep -A1 'Task "both" is failed\.' err | sed -n 2p)" \
    "    command exited with status 3" \
    "bash_run: its exit status 3 is reported, not an early success"
like "$(tail -n 1 err)" '2 succeeded, 1 failed, 0 canceled in ' "bash_run: the summary counts them"

# 7-12: docker_run with a docker that closes stdout and goes on.
mkdir script
printf 'late\n' >script/run.stderr
printf '1\n' >script/run.delay
cat >closing <<SCRIPT
#!/bin/sh
case \$1 in run) ;; *) exec "$TESTBIN/docker" "\$@" ;; esac
echo early
exec >&-
"$TESTBIN/docker" "\$@"
rc=\$?
# The container of task "two" exits 4.
case "\$*" in *" two") rc=4 ;; esac
: >"$TAP_TMP/docker.done.\$rc"
exit \$rc
SCRIPT
chmod +x closing
cat >docker.hcl <<HCL
flow "closed" {
  task "docker_run" "one" {
    image   = "img"
    command = ["one"]
  }
  task "bash_run" "check" {
    command = "test -e $TAP_TMP/docker.done.0 && echo 'seen [\${task.docker_run.one.stdout}] [\${task.docker_run.one.stderr}] \${task.docker_run.one.exit_code}'"
  }
  task "docker_run" "two" {
    image       = "img"
    command     = ["two"]
    _depends_on = [task.bash_run.check]
  }
}
HCL
FAKE_DOCKER_LOG=$TAP_TMP/log FAKE_DOCKER_SCRIPT=$TAP_TMP/script \
    timeout 60 "$RUNFLOW" run --config=empty.ini --docker="$TAP_TMP/closing" \
    -j 1 docker.hcl >out 2>err
is "$?" 1 "docker_run: runflow exits 1 (the second container exits 4)"
is "$(cat out)" "seen [early] [late] 0" \
    "docker_run: the dependent task ran after docker ended, with what it wrote after closing stdout"
ok "[ -e docker.done.4 ]" "docker_run: the second docker ran to its end"
is "$(grep -A1 'Task "two" is failed\.' err | sed -n 2p)" \
    "    Command \"[\"two\"]\" in image 'img' returned non-zero exit status 4" \
    "docker_run: its exit status 4 is reported, not an early success"
is "$(ls "$TAP_TMP/log/containers")" "" "docker_run: no fake container is left"
like "$(tail -n 1 err)" '2 succeeded, 1 failed, 0 canceled in ' "docker_run: the summary counts them"
done_testing
