#!/bin/sh
# Engine pools against the fake docker (tests/bin/docker): which engine
# each `docker run` went to (DOCKER_HOST or DOCKER_CONTEXT in its
# environment), never more than an engine's slots at once, pinned tasks,
# the engine result attribute and log line, dry runs, the settings file's
# [engine "NAME"] sections and their errors, an unreachable engine with
# and without _retry.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 36

D=$TESTBIN/docker
FAKE_DOCKER_LOG=$TAP_TMP/log
FAKE_DOCKER_SCRIPT=$TAP_TMP/script
TMPDIR=$TAP_TMP/tmp
export FAKE_DOCKER_LOG FAKE_DOCKER_SCRIPT TMPDIR
unset FAKE_DOCKER_VERSION DOCKER_HOST DOCKER_CONTEXT RUNFLOW_DOCKER
L=$FAKE_DOCKER_LOG
S=$FAKE_DOCKER_SCRIPT
mkdir "$TMPDIR"
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"

reset() {
	rm -rf "$L" "$S"
	mkdir "$S"
}

# rf INI ARGS...: runflow run with the fake docker and settings file INI.
rf() {
	ini=$1
	shift
	"$RUNFLOW" run --config="$TAP_TMP/$ini" --docker="$D" "$@"
}

# placements: one line per `docker run` call, "ENGINE START END TASK",
# ENGINE being the DOCKER_HOST or DOCKER_CONTEXT value (or "default").
placements() {
	for m in "$L"/*.meta; do
		grep -qx 'subcommand=run' "$m" || continue
		n=${m%.meta}
		eng=$(tr '\0' '\n' <"$n.env" | sed -n \
		    -e 's/^DOCKER_HOST=//p' -e 's/^DOCKER_CONTEXT=//p' | head -n 1)
		task=$(tr '\0' '\n' <"$n.argv" | \
		    sed -n 's/^--label=runflow\.task=task\.docker_run\.//p')
		start=$(sed -n 's/^start=//p' "$m")
		end=$(sed -n 's/^end=//p' "$m")
		echo "${eng:-default} $start $end $task"
	done
}

# most_at_once ENGINE: the most calls to ENGINE that overlapped in time.
most_at_once() {
	placements | awk -v e="$1" '$1 == e { print $2, 1; print $3, -1 }' |
	    sort -k1,1n -k2,2n | awk '{ n += $2; if (n > m) m = n } END { print m + 0 }'
}

# engine_of TASK: where TASK's last call went.
engine_of() {
	placements | awk -v t="$1" '$4 == t { e = $1 } END { print e }'
}

cat >pool.ini <<'EOF'
[engine "alpha"]
host = unix:///fake/alpha.sock
slots = 2

[engine "beta"]
host = tcp://127.0.0.1:1
slots = 2

[engine "gamma"]
context = gamma-ctx
slots = 3

[engine "solo"]
host = ssh://nobody@127.0.0.1
slots = 1
EOF

# A flow of N short tasks, two of them pinned to solo and one to beta.
{
	echo 'flow "pool" {'
	for i in $(seq 1 30); do
		printf '  task "docker_run" "t%02d" {\n    image = "ubuntu:latest"\n    command = "echo %d"\n' "$i" "$i"
		case $i in
		7 | 8) echo '    _engine = "solo"' ;;
		9) echo '    _engine = "beta"' ;;
		esac
		echo '  }'
	done
	cat <<'EOF'
  task "file_write" "where" {
    filename = "where.txt"
    content  = "${task.docker_run.t07.engine} ${task.docker_run.t09.engine} ${task.docker_run.t01.engine}"
  }
}
EOF
} >pool.hcl

# 1-9: thirty tasks over three engines.
reset
printf 0.2 >"$S/run.delay"
rf pool.ini --engine alpha --engine beta --engine gamma pool.hcl 2>err.txt
is "$?" 0 "pool: runflow exits 0"
is "$(placements | wc -l)" 30 "pool: thirty docker run calls"
is "$(placements | awk '{ print $1 }' | sort -u | tr '\n' ' ')" \
    "gamma-ctx ssh://nobody@127.0.0.1 tcp://127.0.0.1:1 unix:///fake/alpha.sock " \
    "pool: the three pool engines and the pinned one were used"
ok '[ "$(most_at_once unix:///fake/alpha.sock)" -le 2 ] && [ "$(most_at_once tcp://127.0.0.1:1)" -le 2 ] && [ "$(most_at_once gamma-ctx)" -le 3 ]' \
    "pool: never more than an engine's slots at once"
is "$(most_at_once unix:///fake/alpha.sock) $(most_at_once gamma-ctx) $(most_at_once ssh://nobody@127.0.0.1)" \
    "2 3 1" "pool: the slots are used to the full, the pinned engine's one at a time"
is "$(engine_of t07) $(engine_of t08) $(engine_of t09)" \
    "ssh://nobody@127.0.0.1 ssh://nobody@127.0.0.1 tcp://127.0.0.1:1" \
    "pool: pinned tasks ran where pinned"
is "$(cat where.txt)" "solo beta gamma" \
    "pool: the engine result attribute; the first task went to the engine with the most free slots"
ok 'grep -q "Task \"t07\" runs on engine \"solo\"\." err.txt' \
    "pool: a log line names the engine"
ok '! placements | grep -q "^default "' "pool: nothing went to the default engine"

# 10-11: ties go to the engine defined first; the CLI's environment.
reset
cat >one.hcl <<'EOF'
flow "one" {
  task "docker_run" "only" {
    image   = "ubuntu:latest"
    command = "true"
  }
}
EOF
DOCKER_CONTEXT=elsewhere rf pool.ini --engine beta --engine alpha one.hcl 2>/dev/null
is "$(engine_of only)" "unix:///fake/alpha.sock" \
    "ties: the engine defined first wins, whatever the order of --engine"
ok '! tr "\0" "\n" <"$L/0001.env" | grep -q "^DOCKER_CONTEXT="' \
    "environment: an engine's host drops DOCKER_CONTEXT"

# 12-13: no pool and no pin: nothing changes.
reset
DOCKER_HOST=unix:///mine.sock rf pool.ini one.hcl 2>err.txt
is "$(engine_of only)" "unix:///mine.sock" "no pool: the CLI's own engine"
ok '! grep -q "runs on engine" err.txt' "no pool: no engine log line"

# 14-17: dry runs show the engine as the CLI reads it.
reset
out=$(rf pool.ini --dry-run --engine gamma pool.hcl 2>&1)
like "$out" "^DOCKER_CONTEXT=gamma-ctx '?$D'? run --rm ubuntu:latest echo 1$" \
    "dry run: the pool's engine as DOCKER_CONTEXT"
like "$out" "^DOCKER_HOST=ssh://nobody@127.0.0.1 '?$D'? run --rm ubuntu:latest echo 7$" \
    "dry run: a pinned task's engine as DOCKER_HOST"
out=$(DOCKER_HOST=tcp://x:1 rf pool.ini --dry-run --engine gamma one.hcl 2>&1)
like "$out" "^env -u DOCKER_HOST DOCKER_CONTEXT=gamma-ctx " \
    "dry run: a DOCKER_HOST the context would lose to is removed"
is "$(calls=$(cat "$L/seq" 2>/dev/null); echo "${calls:-0}")" 0 "dry run: docker is not called"

# 18-21: names the settings file does not define.
reset
rf pool.ini --engine gama one.hcl >out.txt 2>err.txt
is "$?" 2 "--engine unknown: exit 2"
like "$(cat err.txt)" "--engine 'gama': no such engine in the settings file \(did you mean 'gamma'\?\)" \
    "--engine unknown: the message suggests the nearest"
cat >pin.hcl <<'EOF'
flow "pin" {
  task "docker_run" "p" {
    image   = "ubuntu:latest"
    _engine = "alph"
  }
  task "bash_run" "b" {
    command = "true"
    _engine = "alpha"
  }
  task "docker_run" "n" {
    image   = "ubuntu:latest"
    _engine = 3
  }
}
EOF
rf pool.ini pin.hcl >out.txt 2>err.txt
is "$?" 2 "_engine errors: exit 2, nothing runs"
is "$(grep -E '^pin.hcl:' err.txt)" \
"pin.hcl:4:5: error: unknown engine 'alph'
pin.hcl:8:5: error: '_engine' is not an argument of task type 'bash_run': only docker_run tasks run on engines
pin.hcl:12:5: error: '_engine' must be the name of an engine, not a number" \
    "_engine errors: located, one each"

# 22: the suggestion for a misspelt pin.
like "$(cat err.txt)" "did you mean 'alpha'\?" "_engine unknown: did you mean"

# 23-28: settings file errors name the line.
bad() {
	printf '%s\n' "$1" >bad.ini
	rf bad.ini one.hcl 2>&1 >/dev/null
}
is "$(bad '[engine "x"]
host = unix:///a
context = b')" "$TAP_TMP/bad.ini:3: error: engine 'x' has both 'host' and 'context': give one of them" \
    "settings: host and context exclude each other"
is "$(bad '[engine "x"]
kind = kubernetes')" "$TAP_TMP/bad.ini:2: error: invalid value 'kubernetes' for 'kind' in section '[engine \"x\"]': docker or swarm" \
    "settings: kind is docker or swarm"
is "$(bad '[engine "x"]
slots = 0')" "$TAP_TMP/bad.ini:2: error: invalid value '0' for 'slots' in section '[engine \"x\"]': a whole number from 1 to 10000" \
    "settings: slots from 1"
is "$(bad '[engine x]
slots = 1')" "$TAP_TMP/bad.ini:2: error: section '[engine x]' must be written [engine \"NAME\"]" \
    "settings: the section name is quoted"
is "$(bad '[engine "a b"]
slots = 1')" "$TAP_TMP/bad.ini:2: error: invalid engine name 'a b': use letters, digits, '.', '_' and '-'" \
    "settings: engine names are plain words"
is "$(bad '[engine "x"]
hots = a')" "$TAP_TMP/bad.ini:2: error: unknown key 'hots' in section '[engine \"x\"]' (host, context, kind, slots, binary)" \
    "settings: unknown keys are named"

# 29-34: an engine that cannot be reached, through its own binary.
reset
cat >down-docker <<EOF
#!/bin/sh
echo "Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?" >&2
exit 125
EOF
chmod +x down-docker
cat >down.ini <<EOF
[engine "up"]
host = unix:///fake/up.sock
slots = 2

[engine "down"]
host = tcp://127.0.0.1:1
slots = 4
binary = $TAP_TMP/down-docker
EOF
{
	echo 'flow "down" {'
	for i in 1 2 3 4 5 6; do
		printf '  task "docker_run" "d%d" {\n    image = "ubuntu:latest"\n    command = "true"\n  }\n' "$i"
	done
	echo '}'
} >down.hcl
printf 0.2 >"$S/run.delay"
rf down.ini -j 1 --engine up --engine down down.hcl >out.txt 2>err.txt
is "$?" 1 "unreachable: the run fails"
is "$(grep -c 'is failed\.$' err.txt) $(grep -c 'is successful\.$' err.txt)" "1 5" \
    "unreachable: only the task placed on it failed; it is avoided from then on"
like "$(cat err.txt)" "docker could not run the container of image 'ubuntu:latest' on engine 'down' \(exit status 125\)" \
    "unreachable: the message names the engine"
reset
sed 's/    command = "true"/    command = "true"\n    _retry = { stop_after = "3 times", wait = wait_fixed(0) }/' \
    down.hcl >retry.hcl
printf 0.2 >"$S/run.delay"
rf down.ini -j 1 --engine up --engine down retry.hcl >out.txt 2>err.txt
is "$?" 0 "unreachable with _retry: the run succeeds"
like "$(cat err.txt)" "Task \"d1\" attempt 1 is failed, retrying in 0 s\." \
    "unreachable with _retry: the first attempt failed on it"
is "$(engine_of d1)" "unix:///fake/up.sock" \
    "unreachable with _retry: the next attempt went to the other engine"

# 35-36: _timeout while waiting for a slot.
reset
cat >wait.hcl <<'EOF'
flow "wait" {
  task "docker_run" "long" {
    image   = "ubuntu:latest"
    _engine = "solo"
  }
  task "docker_run" "late" {
    image    = "ubuntu:latest"
    _engine  = "solo"
    _timeout = 0.3
  }
}
EOF
printf 1 >"$S/run.delay"
rf pool.ini -j 2 wait.hcl >out.txt 2>err.txt
is "$?" 1 "waiting: the task that waited too long fails"
is "$(placements | awk '{ print $4 }')" "long" \
    "waiting: it never ran, the slot stayed with the first"
