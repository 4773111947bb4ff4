#!/bin/sh
# Fault: the docker CLI of a running task is killed with SIGKILL.  The task
# fails naming the signal, its dependent is canceled, the other task goes
# on, and the container is gone: removed by the task's own clean-up, or,
# when docker refuses that (a wrapper answers `docker kill` and `docker
# rm` with an error until the end of the run), by the run's final sweep of
# the containers labelled with the run.  The run id is read from the
# container's labels.  Needs the test engine (scripts/engine).
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

require_engine
plan 16

victim=victim_$$
cat >flow.hcl <<HCL
flow "cli" {
  task "docker_run" "$victim" {
    image   = "runflow-test/base:latest"
    command = ["sleep", "60"]
  }
  task "docker_run" "other" {
    image   = "runflow-test/base:latest"
    command = ["sh", "-c", "sleep 4; echo other"]
  }
  task "bash_run" "after" {
    command = "echo \${task.docker_run.$victim.stdout}"
  }
}
HCL

# A docker that refuses kill, and rm until the final sweep's `docker ps`
# (the one filtering on the run label alone) was called.
cat >refusing <<SCRIPT
#!/bin/sh
printf '%s\n' "\$*" >>"$TAP_TMP/calls"
case \$1 in
kill)
	echo "Error response from daemon: refused by the test" >&2
	exit 1 ;;
ps)
	case "\$*" in
	*label=runflow.task=*) ;;
	*label=runflow.run=*) : >"$TAP_TMP/final-sweep" ;;
	esac ;;
rm)
	if ! [ -e "$TAP_TMP/final-sweep" ]; then
		echo "Error response from daemon: refused by the test" >&2
		exit 1
	fi ;;
esac
exec docker "\$@"
SCRIPT
chmod +x refusing

# run_and_kill DOCKER: start the flow, wait for the victim's container,
# read the run id from its labels, SIGKILL its CLI, wait for runflow.
# Sets rc, rid, cid, cli and left_at_failure (the victim's containers
# still there when its failure was reported).
run_and_kill() {
	rm -f calls final-sweep
	"$RUNFLOW" run --config=empty.ini --log-level=debug --docker="$1" -j 4 flow.hcl \
	    >out 2>err &
	pid=$!
	cid=
	n=0
	while [ -z "$cid" ] && [ $n -lt 300 ]; do
		cid=$(docker ps -q --no-trunc --filter status=running \
		    --filter "label=runflow.task=task.docker_run.$victim" 2>/dev/null)
		[ -n "$cid" ] || sleep 0.1
		n=$((n + 1))
	done
	rid=$(docker inspect --format '{{index .Config.Labels "runflow.run"}}' \
	    "$cid" 2>/dev/null)
	cli=$(pgrep -f -- "--label=runflow.run=$rid --label=runflow.task=task.docker_run.$victim ")
	[ -z "$cli" ] || kill -s KILL $cli
	n=0
	while ! grep -q "Task \"$victim\" is failed\." err && [ $n -lt 300 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	left_at_failure=$(docker ps -aq --filter "label=runflow.run=$rid" \
	    --filter "label=runflow.task=task.docker_run.$victim" | wc -l)
	wait "$pid"
	rc=$?
}

# 1-8: the plain docker CLI.
run_and_kill docker
ok "[ -n '$rid' ] && [ -n '$cli' ]" "the run id ($rid) and the CLI ($cli) were found"
is "$rc" 1 "runflow exits 1"
is "$(grep -A1 "Task \"$victim\" is failed\." err | tail -n 1)" \
    "    docker was killed by signal 9 (SIGKILL)" "the failure names the signal"
like "$(cat err)" 'Task "after" is canceled\.' "the dependent task is canceled"
like "$(cat err)" 'Task "other" is successful\.' "the other task succeeds"
is "$left_at_failure" 0 "the container is gone when the failure is reported"
is "$(docker ps -aq --filter "label=runflow.run=$rid" | wc -l)" 0 \
    "no container labelled runflow.run=$rid is left"
is "$(docker ps -aq --filter "id=$cid" | wc -l)" 0 "the victim's container is gone"

# 9-16: docker refuses the task's clean-up; the final sweep removes it.
run_and_kill "$TAP_TMP/refusing"
ok "[ -n '$rid' ] && [ -n '$cli' ]" "refused: the run id ($rid) and the CLI ($cli) were found"
is "$rc" 1 "refused: runflow exits 1"
short=$(printf %.12s "$cid")
like "$(grep -A1 "'docker kill $short' failed with exit status 1:" err)" "^    Error response from daemon: refused by the test\$" \
    "refused: a warning quotes docker's refusal to kill"
like "$(grep -A1 "'docker rm -f $short' failed with exit status 1:" err)" "^    Error response from daemon: refused by the test\$" \
    "refused: and to remove"
is "$left_at_failure" 1 "refused: the container outlives the task"
is "$(sed -n '$!h; ${x;p}' calls)" "ps -aq --no-trunc --filter label=runflow.run=$rid" \
    "refused: the final sweep lists the run's containers"
is "$(tail -n 1 calls)" "rm -f $cid" "refused: and removes the victim's container"
is "$(docker ps -aq --filter "label=runflow.run=$rid" | wc -l)" 0 \
    "refused: no container labelled runflow.run=$rid is left"
done_testing
