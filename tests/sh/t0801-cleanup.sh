#!/bin/sh
# runflow cleanup against the fake docker: the exact 'docker ps' and
# 'docker rm' command lines, what it prints, and its exit statuses.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
cd "$TAP_TMP" || bail "no scratch folder"
[ -x "$TESTBIN/docker" ] || bail "no fake docker in $TESTBIN"
unset RUNFLOW_DOCKER RUNFLOW_CONFIG
HOME=$TAP_TMP/home
XDG_CONFIG_HOME=$TAP_TMP/home/.config
export HOME XDG_CONFIG_HOME
mkdir -p "$HOME"
D=$TESTBIN/docker
plan 50

# fresh: empty log and script folders for the next case.
fresh() {
	rm -rf log script cids
	mkdir log script cids
	FAKE_DOCKER_LOG=$TAP_TMP/log
	FAKE_DOCKER_SCRIPT=$TAP_TMP/script
	export FAKE_DOCKER_LOG FAKE_DOCKER_SCRIPT
}

# argv N: call N's arguments, one a line.
argv() {
	tr '\0' '\n' <"log/$(printf %04d "$1").argv"
}

# calls SUB: how many calls had subcommand SUB.
calls() {
	grep -l "^subcommand=$1\$" log/*.meta 2>/dev/null | wc -l | tr -d ' '
}

# cleanup ARG...: run it; $rc, out and err.
cleanup() {
	"$RUNFLOW" cleanup "$@" >out 2>err
	rc=$?
}

# A fake container for each id given: a finished 'docker run' with that id.
containers() {
	for id in "$@"; do
		n=$(($(cat log/seq 2>/dev/null || echo 0) + 1))
		printf '%s' "$id" >"script/$n.cid"
		"$D" run --label runflow.run=r1 --cidfile="$TAP_TMP/cids/$n" \
		    alpine true || bail "the fake docker run failed"
	done
}

A=aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111111a
B=bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222222b

# Nothing to remove.
fresh
cleanup --run 0123456789ab --docker "$D"
is "$rc" 0 "nothing to remove: exit 0"
is "$(argv 1)" "ps
-aq
--filter
label=runflow.run=0123456789ab" "docker ps -aq --filter label=runflow.run=ID"
is "$(cat log/seq)" 1 "and no other docker call"
is "$(cat out)" "" "nothing on stdout"
is "$(cat err)" "runflow: no container of run '0123456789ab' to remove" \
    "a note on stderr says so"

# Every run's containers without --run.
fresh
cleanup --docker "$D"
is "$rc" 0 "without --run: exit 0"
is "$(argv 1)" "ps
-aq
--filter
label=runflow.run" "without --run the filter is the label key alone"
is "$(cat err)" "runflow: no container of any run to remove" \
    "the note names no run"

# Two containers, one still running (its 'docker run' waits).
fresh
containers "$A"
printf '%s' "$B" >script/2.cid
printf 30 >script/2.delay
"$D" run --rm --label runflow.run=r1 --cidfile="$TAP_TMP/cids/2" alpine \
    sleep 30 &
runner=$!
i=0
while [ ! -f "log/containers/$B" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
is "$(cut -d ' ' -f 1 "log/containers/$B")" running "the second container runs"
printf '%s\n%s\n' "$A" "$B" >script/ps.stdout
cleanup --run r1 --docker "$D"
is "$rc" 0 "two containers removed: exit 0"
is "$(argv 4)" "rm
-f
$A
$B" "docker rm -f with both ids, in the order ps gave them"
is "$(cat out)" "$A
$B" "each id removed is printed on stdout"
is "$(cat err)" "" "nothing on stderr"
ok "[ ! -e log/containers/$A ] && [ ! -e log/containers/$B ]" \
    "both fake containers are gone"
wait "$runner"
is "$?" 137 "the running container's 'docker run' ended by KILL"
is "$(calls rm)" 1 "one docker rm"

# RUNFLOW_DOCKER names the binary when --docker is not given.
fresh
RUNFLOW_DOCKER=$D "$RUNFLOW" cleanup --run x >out 2>err
is "$?" 0 "RUNFLOW_DOCKER is used"
is "$(calls ps)" 1 "and it ran 'docker ps'"

# The settings file names it too.
fresh
mkdir -p "$XDG_CONFIG_HOME/runflow"
printf '[docker]\nbinary = %s\n' "$D" >"$XDG_CONFIG_HOME/runflow/config.ini"
cleanup --run x
is "$rc" 0 "the settings file's binary is used"
is "$(calls ps)" 1 "and it ran 'docker ps'"
rm -r "$XDG_CONFIG_HOME/runflow"

# The run id goes to docker as one argument, whatever its bytes.
fresh
cleanup --run 'a b;$(touch pwned)
c' --docker "$D"
printf 'ps\0-aq\0--filter\0label=runflow.run=a b;$(touch pwned)\nc\0' >want
ok "cmp want log/0001.argv" "an odd run id is passed verbatim, as one argument"
ok "[ ! -e pwned ]" "and no shell saw it"

# A container gone between ps and rm (its --rm finished) is not an error.
fresh
containers "$A"
printf '%s\n%s\n' "$A" "$B" >script/ps.stdout
cleanup --docker "$D"
is "$rc" 0 "a container already gone: exit 0"
is "$(cat out)" "$A" "only the container really removed is printed"
is "$(cat err)" "" "and no error"

# The daemon already removing it is not an error either.
fresh
printf '%s\n' "$A" >script/ps.stdout
printf 'Error response from daemon: removal of container %s is already in progress\n' \
    "$A" >script/rm.stderr
printf 1 >script/rm.exit
cleanup --docker "$D"
is "$rc" 0 "removal already in progress: exit 0"
is "$(cat out)" "" "nothing claimed as removed"

# docker ps fails: exit 1 with docker's words, nothing removed.
fresh
printf 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' \
    >script/ps.stderr
printf 1 >script/ps.exit
cleanup --run r1 --docker "$D"
is "$rc" 1 "docker ps failing: exit 1"
is "$(cat err)" "runflow: 'docker ps' failed with exit status 1: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" \
    "the message quotes docker"
is "$(calls rm)" 0 "no docker rm"

# docker rm fails for another reason: exit 1 with docker's words.
fresh
printf '%s\n' "$A" >script/ps.stdout
printf 'Error response from daemon: permission denied\n' >script/rm.stderr
printf 1 >script/rm.exit
cleanup --docker "$D"
is "$rc" 1 "docker rm failing: exit 1"
is "$(cat err)" "runflow: 'docker rm' failed with exit status 1: Error response from daemon: permission denied" \
    "the message quotes docker"

# docker ps printing something that is not an id: nothing is removed.
fresh
printf '%s\n-f\n' "$A" >script/ps.stdout
cleanup --docker "$D"
is "$rc" 1 "odd docker ps output: exit 1"
is "$(cat err)" "runflow: 'docker ps' printed '-f', which is not a container id" \
    "the message names the odd word"
is "$(calls rm)" 0 "and nothing is removed"

# Many containers: 'docker rm' takes 100 ids at a time.
fresh
i=0
while [ $i -lt 250 ]; do
	printf '%012x\n' $((i + 1))
	i=$((i + 1))
done >script/ps.stdout
cleanup --docker "$D"
is "$rc" 0 "250 containers already gone: exit 0"
is "$(calls rm)" 3 "three docker rm calls"
is "$(argv 2 | wc -l | tr -d ' ') $(argv 3 | wc -l | tr -d ' ') $(argv 4 | wc -l | tr -d ' ')" \
    "102 102 52" "with 100, 100 and 50 ids"
is "$(argv 4 | tail -n 1)" 0000000000fa "the last id last"

# A docker that cannot be run.
fresh
cleanup --docker "$TAP_TMP/no-such-docker"
is "$rc" 1 "a missing docker: exit 1"
is "$(cat err)" "runflow: cannot run '$TAP_TMP/no-such-docker': No such file or directory" \
    "the message names the program"

# Usage errors exit 2 and run nothing.
fresh
cleanup --docker "$D" --run=
is "$rc" 2 "'--run=': exit 2"
cleanup --run "" --docker "$D"
is "$rc" 2 "an empty run id: exit 2"
is "$(head -n 1 err)" "runflow: --run needs a run id" "the message says why"
cleanup --docker "$D" --run
is "$rc" 2 "--run without a value: exit 2"
cleanup --docker "$D" --force
is "$rc" 2 "an unknown option: exit 2"
cleanup --docker "$D" r1
is "$rc" 2 "an argument: exit 2"
is "$(head -n 1 err)" "runflow: unexpected argument 'r1'" \
    "the message names it"
"$RUNFLOW" cleanup --help >out
like "$(head -n 1 out)" "^Usage: runflow cleanup" "--help prints the usage"
ok "[ ! -e log/seq ]" "no usage error ran docker"
done_testing
