#!/bin/sh
# The four docker examples of the docs, run unchanged against the test
# engine (scripts/engine).  No engine is a failure, never a skip.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
EX=$top_srcdir/examples
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

require_engine
plan 12

# rf ARGS...: runflow run with the debug log (for the run id) in err.txt.
rf() {
	timeout 120 "$RUNFLOW" run --config="$TAP_TMP/empty.ini" \
	    --log-level=debug "$@" 2>err.txt
}

# left: the containers the last run left behind.
left() {
	rid=$(sed -n 's/.*Run \([^ ]*\) of flow.*/\1/p' err.txt)
	[ -n "$rid" ] || { echo "no run id"; return; }
	docker ps -aq --filter "label=runflow.run=$rid" | wc -l | tr -d ' '
}

rf "$EX/docker-hello-world.hcl" --var out="$TAP_TMP/hello.txt"
is "$?" 0 "hello world: runflow exits 0"
is "$(cat hello.txt)" "hello world" "hello world: the output file"
is "$(left)" 0 "hello world: no container left"

rf "$EX/docker-env.hcl" --var out="$TAP_TMP/env.txt"
is "$?" 0 "env: runflow exits 0"
ok "grep -qx 'greeter=world' env.txt" "env: greeter=world among the lines"
ok "grep -qx 'HOME=/root' env.txt && grep -q '^PATH=' env.txt" \
    "env: the image's own variables too"

rf "$EX/docker-entrypoint.hcl" --var out="$TAP_TMP/ep.txt"
is "$?" 0 "entrypoint: runflow exits 0"
is "$(cat ep.txt)" "runflow is awesome" "entrypoint: the output file"

rf "$EX/docker-failed-run.hcl"
is "$?" 1 "failed run: runflow exits 1"
ok "grep -q 'Task \"exit\" is failed' err.txt" "failed run: the task is failed"
ok "grep -qxF \"    Command \\\"/bin/bash -c 'exit 1'\\\" in image 'ubuntu:latest' returned non-zero exit status 1\" err.txt" \
    "failed run: docker-py's message with status 1"
is "$(left)" 0 "failed run: no container left"
