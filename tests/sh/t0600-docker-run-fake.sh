#!/bin/sh
# docker_run against the fake docker (tests/bin/docker): the exact argv,
# the environment, the dry-run line, failure messages, the capture cap,
# live output, and what a timeout or an interrupt does to the container.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 65

D=$TESTBIN/docker
FAKE_DOCKER_LOG=$TAP_TMP/log
FAKE_DOCKER_SCRIPT=$TAP_TMP/script
TMPDIR=$TAP_TMP/tmp
export FAKE_DOCKER_LOG FAKE_DOCKER_SCRIPT TMPDIR
unset FAKE_DOCKER_VERSION DOCKER_HOST DOCKER_CONTEXT RUNFLOW_DOCKER
L=$FAKE_DOCKER_LOG
S=$FAKE_DOCKER_SCRIPT
EX=$top_srcdir/examples
mkdir "$TMPDIR"
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
# An empty settings file, so the user's own cannot change the results.
: >empty.ini

# reset: a fresh log and an empty script folder.
reset() {
	rm -rf "$L" "$S"
	mkdir "$S"
}

# rf ARGS...: runflow run with the fake docker.
rf() {
	"$RUNFLOW" run --config="$TAP_TMP/empty.ini" --docker="$D" "$@"
}

# argv N: call N's argv, one element a line, with the private folder and
# the run id replaced by CIDFILE and RID.
argv() {
	tr '\0' '\n' <"$L/$(printf %04d "$1").argv" | sed -E \
	    -e "s#^--cidfile=$TMPDIR/runflow-docker\.[A-Za-z0-9]{6}/[0-9]+\.cid\$#--cidfile=CIDFILE#" \
	    -e 's#^--label=runflow\.run=.+$#--label=runflow.run=RID#'
}

# cidfile N: the path call N gave to --cidfile.
cidfile() {
	tr '\0' '\n' <"$L/$(printf %04d "$1").argv" | sed -n 's/^--cidfile=//p'
}

# calls: how many times docker was called.
calls() {
	cat "$L/seq" 2>/dev/null || echo 0
}

# has_env N KV: call N's environment holds KV exactly.
has_env() {
	tr '\0' '\n' <"$L/$(printf %04d "$1").env" | grep -qxF -- "$2"
}

# wait_for PATH: wait up to 10 s until PATH exists and is not empty.
wait_for() {
	n=0
	while [ ! -s "$1" ] && [ $n -lt 200 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	[ -s "$1" ]
}

nl='
'

# 1-6: the hello-world example, exact argv and result.
reset
printf 'hello world\n' >"$S/run.stdout"
rf "$EX/docker-hello-world.hcl" --var out="$TAP_TMP/out.txt" 2>err.txt
is "$?" 0 "hello world: runflow exits 0"
is "$(cat out.txt)" "hello world" "hello world: stdout saved, stripped"
is "$(calls)" 1 "hello world: one docker call"
is "$(argv 1)" "run${nl}--rm${nl}--cidfile=CIDFILE${nl}--label=runflow.run=RID${nl}--label=runflow.task=task.docker_run.echo${nl}ubuntu:latest${nl}echo${nl}hello${nl}world" \
    "hello world: exact argv, bookkeeping flags after --rm"
is "$(ls "$TMPDIR" | wc -l)" 0 "hello world: the private folder is removed"
ok "! has_env 1 DOCKER_DEFAULT_PLATFORM=linux/arm64" \
    "hello world: DOCKER_DEFAULT_PLATFORM not passed on"

# 7-11: environment values in the CLI's environment, never in argv.
reset
cat >env.hcl <<'EOF'
flow "env" {
  task "docker_run" "echo" {
    image   = "ubuntu:latest"
    command = "env"
    environment = {
      greeter = "world"
      TOKEN   = "t0p s3cret=\"x\" 'y'\nline two é"
      GONE    = null
    }
  }
}
EOF
GONE=inherited DOCKER_DEFAULT_PLATFORM=linux/arm64 rf env.hcl 2>err.txt
is "$?" 0 "env: runflow exits 0"
is "$(argv 1)" "run${nl}--rm${nl}--cidfile=CIDFILE${nl}--label=runflow.run=RID${nl}--label=runflow.task=task.docker_run.echo${nl}--env=GONE${nl}--env=TOKEN${nl}--env=greeter${nl}ubuntu:latest${nl}env" \
    "env: argv carries --env=NAME only"
ok "! grep -q s3cret '$L/0001.argv' && ! grep -q world '$L/0001.argv'" \
    "env: no value in argv"
ok "tr '\\0' '\\n' <'$L/0001.env' | grep -qx 'greeter=world' &&
    tr '\\0' '\\n' <'$L/0001.env' | grep -qxF \"TOKEN=t0p s3cret=\\\"x\\\" 'y'\"" \
    "env: values in the CLI's environment"
ok "! tr '\\0' '\\n' <'$L/0001.env' | grep -q '^GONE=' &&
    ! tr '\\0' '\\n' <'$L/0001.env' | grep -q '^DOCKER_DEFAULT_PLATFORM='" \
    "env: a null value and DOCKER_DEFAULT_PLATFORM removed from it"

# 12-15: the dry-run line is what a person would type; nothing runs.
reset
cat >entrypoint.hcl <<'EOF'
flow "docker-entrypoint" {
  task "docker_run" "setup" {
    image      = "ubuntu:latest"
    entrypoint = ["/bin/bash", "-c"]
    command    = ["echo runflow is awesome"]
  }
}
EOF
out=$(rf --dry-run entrypoint.hcl 2>&1 | grep -v '^#')
is "$out" "$D run --rm --entrypoint=/bin/bash ubuntu:latest -c 'echo runflow is awesome'" \
    "dry run: entrypoint example"
out=$(rf --dry-run env.hcl 2>&1 | grep -v '^#')
is "$out" "TOKEN='t0p s3cret=\"x\" '\\''y'\\''
line two é' greeter=world $D run --rm --env=GONE --env=TOKEN --env=greeter ubuntu:latest env" \
    "dry run: values as NAME=value in front, no bookkeeping flags"
is "$(calls)" 0 "dry run: docker is not called"
out=$(rf --dry-run "$EX/docker-failed-run.hcl" 2>&1 | grep -v '^#')
is "$out" "$D run --rm ubuntu:latest /bin/bash -c 'exit 1'" \
    "dry run: failed-run example"

# 16-18: a non-zero exit fails the task with docker-py's words.
reset
printf 'first\nboom\n' >"$S/run.stderr"
printf 1 >"$S/run.exit"
rf "$EX/docker-failed-run.hcl" 2>err.txt
is "$?" 1 "failed run: runflow exits 1"
like "$(cat err.txt)" "Task \"exit\" is failed" "failed run: the task is failed"
is "$(grep -A2 'is failed' err.txt | tail -2)" "    Command \"/bin/bash -c 'exit 1'\" in image 'ubuntu:latest' returned non-zero exit status 1
    first" "failed run: message, then the stderr lines"

# 19-21: docker's own failure (exit 125), its words without blank lines.
reset
printf 'docker: Error response from daemon: No such image: nope:latest.\n\nRun %s for more information\n' \
    "'docker run --help'" >"$S/run.stderr"
printf 125 >"$S/run.exit"
: >"$S/run.no-cid"
cat >nope.hcl <<'EOF'
flow "nope" {
  task "docker_run" "x" {
    image = "nope"
  }
}
EOF
rf nope.hcl 2>err.txt
is "$?" 1 "exit 125: runflow exits 1"
is "$(grep -A1 'is failed' err.txt | tail -1)" \
    "    docker could not run the container of image 'nope' (exit status 125)" \
    "exit 125: docker could not run the container"
is "$(grep -A3 'is failed' err.txt | tail -2)" \
    "    docker: Error response from daemon: No such image: nope:latest.
    Run 'docker run --help' for more information" \
    "exit 125: docker's words follow, no line of blanks"

# 22-23: a missing docker binary.
reset
"$RUNFLOW" run --config="$TAP_TMP/empty.ini" --docker=/nonexistent/docker \
    nope.hcl 2>err.txt
is "$?" 1 "missing docker: runflow exits 1"
is "$(grep -A2 'is failed' err.txt | tail -2)" \
    "    cannot run '/nonexistent/docker': No such file or directory
    choose the docker program with --docker=BIN, the RUNFLOW_DOCKER environment variable or 'binary' in the [docker] section of the settings file" \
    "missing docker: the message says how to choose another"

# 24-25: RUNFLOW_DOCKER chooses the binary when --docker is not given.
reset
RUNFLOW_DOCKER=$D "$RUNFLOW" run --config="$TAP_TMP/empty.ini" nope.hcl \
    2>err.txt
is "$?" 0 "RUNFLOW_DOCKER: runflow exits 0"
is "$(calls)" 1 "RUNFLOW_DOCKER: the fake docker was called"

# 26-28: output past the cap fails, names the cap and the setting, and the
# container is removed (the CLI was killed, not its container).
reset
printf '[run]\noutput_cap = 1k\n' >cap.ini
printf 5000 >"$S/run.stdout-bytes"
printf 30 >"$S/run.delay"
"$RUNFLOW" run --config="$TAP_TMP/cap.ini" --docker="$D" nope.hcl 2>err.txt
is "$?" 1 "output cap: runflow exits 1"
is "$(grep -A1 'is failed' err.txt | tail -1)" \
    "    the container's stdout passed the capture cap of 1024 bytes; nothing was cut: raise 'output_cap' in the [run] section of the settings file" \
    "output cap: the message names the cap and the setting"
is "$(argv 2 | head -1) $(argv 3 | head -2 | tr '\n' ' ')" "kill rm -f " \
    "output cap: docker kill, then docker rm -f"

# 29-30: stream = true prints lines live, prefixed, while capturing.
reset
cat >stream.hcl <<'EOF'
flow "stream" {
  task "docker_run" "echo" {
    image  = "ubuntu:latest"
    stream = true
  }
  task "file_write" "save" {
    filename = "out.txt"
    content  = task.docker_run.echo.stdout
  }
}
EOF
printf 'outn hel\nsleep 0.2\nout lo\nsleep 0.1\nout world\n' >"$S/run.steps"
out=$(rf stream.hcl 2>err.txt)
is "$out" "echo | hello
echo | world" "stream: whole lines, prefixed with the task name"
is "$(cat out.txt)" "hello
world" "stream: still captured"

# 31-32: --stream for every task; two tasks never share a line.
reset
cat >two.hcl <<'EOF'
flow "two" {
  task "docker_run" "a" {
    image = "ubuntu:latest"
  }
  task "docker_run" "b" {
    image = "ubuntu:latest"
  }
}
EOF
printf 'outn aaaa\nsleep 0.3\nout AAAA\nout aa2\n' >"$S/run.steps"
out=$(rf --stream -j 2 two.hcl 2>err.txt)
is "$(printf '%s\n' "$out" | LC_ALL=C sort)" "a | aa2
a | aaaaAAAA
b | aa2
b | aaaaAAAA" "--stream: each line whole, with its own task's prefix"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 4 "--stream: four lines"

# 33-39: _timeout stops the container by id: kill, then rm -f.
reset
cat >slow.hcl <<'EOF'
flow "slow" {
  task "docker_run" "sleep" {
    image    = "ubuntu:latest"
    command  = "sleep 30"
    _timeout = 1
  }
}
EOF
printf 30 >"$S/run.delay"
start=$(date +%s)
rf slow.hcl 2>err.txt
rc=$?
took=$(($(date +%s) - start))
is "$rc" 1 "timeout: runflow exits 1"
ok "[ $took -lt 10 ]" "timeout: no hang ($took s)"
is "$(grep -A1 'is failed' err.txt | tail -1)" "    timed out after 1 s" \
    "timeout: the message says timed out after 1 s"
cid=$(printf 'fa4ed0c4%056d' 1)
is "$(argv 2 | tr '\n' ' ')" "kill $cid " \
    "timeout: docker kill by the id from the cidfile"
is "$(argv 3 | tr '\n' ' ')" "rm -f $cid " \
    "timeout: then docker rm -f"
is "$(cat "$L/0001.signal")" "container KILL" \
    "timeout: the container got KILL"
is "$(ls -A "$TMPDIR")" "" "timeout: nothing left in TMPDIR"

# 40-44: SIGINT to runflow with several containers running.
reset
cat >many.hcl <<'EOF'
flow "many" {
  task "docker_run" "a" {
    image = "ubuntu:latest"
  }
  task "docker_run" "b" {
    image = "ubuntu:latest"
  }
  task "docker_run" "c" {
    image = "ubuntu:latest"
  }
}
EOF
printf 30 >"$S/run.delay"
# A background job of a script starts with SIGINT ignored: undo that.
env --default-signal=INT "$RUNFLOW" run --config="$TAP_TMP/empty.ini" \
    --docker="$D" -j 3 many.hcl 2>err.txt &
pid=$!
n=0
while [ "$(cat "$L/running" 2>/dev/null)" != 3 ] && [ $n -lt 200 ]; do
	sleep 0.05
	n=$((n + 1))
done
kill -INT $pid
wait $pid
is "$?" 130 "SIGINT: runflow exits 130"
is "$(cat "$L"/*.argv | tr '\0' '\n' | grep -cx kill)" 3 \
    "SIGINT: docker kill for each of the three containers"
is "$(ls "$L/containers" | wc -l | tr -d ' ')" 0 \
    "SIGINT: no container left"
# The three tasks shared the run's folder, each with a cidfile of its own.
is "$(for n in 1 2 3; do dirname "$(cidfile $n)"; done | sort -u | wc -l | tr -d ' ') $(for n in 1 2 3; do cidfile $n; done | sort -u | wc -l | tr -d ' ')" \
    "1 3" "SIGINT: one folder for the run, three cidfiles"
is "$(ls -A "$TMPDIR")" "" "SIGINT: nothing left in TMPDIR"

# 45-48: SIGTERM before the container exists: the CLI gets SIGTERM.
reset
printf 30 >"$S/run.delay"
: >"$S/run.no-cid"
"$RUNFLOW" run --config="$TAP_TMP/empty.ini" --docker="$D" slow.hcl \
    2>err.txt &
pid=$!
wait_for "$L/0001.meta"
sleep 0.2
kill -TERM $pid
wait $pid
is "$?" 143 "SIGTERM: runflow exits 143"
is "$(cat "$L/0001.signal")" "TERM" "SIGTERM: the CLI's group got SIGTERM"
is "$(cat "$L"/*.argv | tr '\0' '\n' | grep -cx kill) $(argv 2 | head -1)" \
    "0 ps" "SIGTERM: no kill without an id; the task's containers looked for"
is "$(ls -A "$TMPDIR")" "" "SIGTERM: nothing left in TMPDIR"

# 49: remove = false drops --rm.
reset
cat >keep.hcl <<'EOF'
flow "keep" {
  task "docker_run" "k" {
    image  = "ubuntu:latest"
    remove = false
  }
}
EOF
rf keep.hcl 2>err.txt
is "$(argv 1 | head -2 | tr '\n' ' ')" "run --cidfile=CIDFILE " \
    "remove = false: no --rm"

# 50-52: argument errors are located diagnostics, before anything runs.
reset
cat >bad.hcl <<'EOF'
flow "bad" {
  task "docker_run" "echo" {
    image      = "ubuntu:latest"
    enviroment = { a = "b" }
  }
}
EOF
rf bad.hcl 2>err.txt
is "$?" 2 "unknown argument: runflow exits 2"
is "$(head -1 err.txt)" "bad.hcl:4:5: error: unknown argument 'enviroment' (did you mean 'environment'?)" \
    "unknown argument: located, with a suggestion"
is "$(calls)" 0 "unknown argument: docker is not called"

# 53-55: the daemon died under a running container: docker exits 125, the
# container may go on under containerd; the message says how to remove it.
reset
printf 'docker: error waiting for container: unexpected EOF\n' >"$S/run.stderr"
printf 125 >"$S/run.exit"
rf nope.hcl 2>err.txt
is "$?" 1 "daemon lost: runflow exits 1"
rid=$(tr '\0' '\n' <"$L/0001.argv" | sed -n 's/^--label=runflow\.run=//p')
is "$(grep -A3 'is failed' err.txt | tail -3)" \
    "    docker could not run the container of image 'nope' (exit status 125)
    docker: error waiting for container: unexpected EOF
    container fa4ed0c40000 may still be running: once the daemon answers, remove it with 'docker rm -f fa4ed0c40000' or 'runflow cleanup --run $rid'" \
    "daemon lost: the container and how to remove it are named"
is "$(ls -A "$TMPDIR")" "" "daemon lost: nothing left in TMPDIR"

# 56-57: a refused docker kill is a warning with docker's own words; the
# removal that follows still stops the container.
reset
printf 30 >"$S/run.delay"
printf 'Error response from daemon: cannot kill container: permission denied\n\n' \
    >"$S/kill.stderr"
printf 1 >"$S/kill.exit"
rf slow.hcl 2>err.txt
is "$?" 1 "kill refused: runflow exits 1"
is "$(grep -A1 'warning' err.txt)" \
    "runflow: warning: task 'sleep': 'docker kill fa4ed0c40000' failed with exit status 1:
    Error response from daemon: cannot kill container: permission denied" \
    "kill refused: a warning quotes docker"

# 58-61: a frozen daemon: docker kill never answers.  After the limit
# ([docker] cleanup_timeout, 3 s here) it is killed, a warning names the
# container and how to remove it, the CLI is stopped and runflow exits 1;
# nothing more is asked of that daemon.
reset
printf 30 >"$S/run.delay"
printf 60 >"$S/kill.delay"
printf '[docker]\ncleanup_timeout = 3\n' >"$TAP_TMP/limit.ini"
start=$(date +%s)
"$RUNFLOW" run --config="$TAP_TMP/limit.ini" --docker="$D" slow.hcl 2>err.txt
rc=$?
took=$(($(date +%s) - start))
rid=$(tr '\0' '\n' <"$L/0001.argv" | sed -n 's/^--label=runflow\.run=//p')
is "$rc" 1 "frozen daemon: runflow exits 1"
ok "[ $took -ge 3 ] && [ $took -lt 10 ]" \
    "frozen daemon: over after the 3 s limit ($took s)"
is "$(grep 'warning' err.txt)" \
    "runflow: warning: task 'sleep': 'docker kill fa4ed0c40000' got no answer from the daemon in 3 s and was stopped; container fa4ed0c40000 may still be running: once the daemon answers, remove it with 'docker rm -f fa4ed0c40000' or 'runflow cleanup --run $rid'
runflow: warning: the daemon did not answer the clean-up of run '$rid': its containers were not looked for; once it answers, remove them with 'runflow cleanup --run $rid'" \
    "frozen daemon: the warnings say what may be left and what to run"
is "$(calls) $(cat "$L/0001.signal")" "2 TERM" \
    "frozen daemon: no docker rm, no sweep; the CLI got SIGTERM"

# 62-65: SIGINT while the end-of-run sweep waits for `docker ps`: the
# sweep stops at once, runflow dies of the signal, and neither the docker
# call nor the run's folder is left.
reset
printf 30 >"$S/run.delay"
printf 30 >"$S/ps.delay"
env --default-signal=INT "$RUNFLOW" run --config="$TAP_TMP/empty.ini" \
    --docker="$D" slow.hcl 2>err.txt &
pid=$!
wait_for "$L/0004.meta"
sleep 0.2
start=$(date +%s)
kill -INT $pid
wait $pid
rc=$?
took=$(($(date +%s) - start))
rid=$(tr '\0' '\n' <"$L/0001.argv" | sed -n 's/^--label=runflow\.run=//p')
is "$rc $(argv 4 | head -1)" "130 ps" "SIGINT in the sweep: runflow dies of it while docker ps waits"
ps_pid=$(sed -n 's/^pid=//p' "$L/0004.meta")
sleep 0.2
ok "[ $took -lt 3 ] && [ -n '$ps_pid' ] && ! kill -0 '$ps_pid'" \
    "SIGINT in the sweep: docker ps is stopped at once ($took s)"
is "$(grep warning err.txt)" \
    "runflow: warning: cannot remove the containers of run '$rid': interrupted by SIGINT; remove them later with 'runflow cleanup --run $rid'" \
    "SIGINT in the sweep: the warning says what to run"
is "$(ls -A "$TMPDIR")" "" "SIGINT in the sweep: nothing left in TMPDIR"
