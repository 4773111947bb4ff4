# Tiny TAP helpers for shell tests.  Source it, call plan N (or no_plan),
# then ok/is/like/skip; done_testing closes a no_plan run.  The exit status
# is non-zero when any test failed.
#
#   . "$top_srcdir/tests/tap.sh"
#   plan 2
#   is "$(echo hi)" "hi" "echo prints hi"
#   ok "[ -x /bin/sh ]" "sh is executable"   # runs the string with eval
#
# Process helpers for tests that start and stop programs: pid_gone,
# wait_files; require_engine for the tests that need a Docker engine.

tap_n=0
tap_failed=0
tap_planned=

plan() {
	tap_planned=$1
	echo "1..$1"
}

no_plan() {
	tap_planned=
}

diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

tap_result() {	# tap_result STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# ok COMMAND DESCRIPTION: passes when the command (run with eval) succeeds.
ok() {
	( eval "$1" ) >/dev/null 2>&1
	tap_result $? "$2"
}

# is GOT EXPECTED DESCRIPTION: exact string comparison.
is() {
	if [ "$1" = "$2" ]; then
		tap_result 0 "$3"
	else
		tap_result 1 "$3"
		diag "expected: $2" "     got: $1"
	fi
}

# like GOT PATTERN DESCRIPTION: grep -E pattern match on the whole text.
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		tap_result 0 "$3"
	else
		tap_result 1 "$3"
		diag "expected to match: $2" "                got: $1"
	fi
}

# unlike GOT PATTERN DESCRIPTION
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		tap_result 1 "$3"
		diag "expected not to match: $2" "                    got: $1"
	else
		tap_result 0 "$3"
	fi
}

# skip REASON: one skipped test, counted as skipped by the TAP driver.
skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $1"
}

# bail REASON: stop the whole test file.
bail() {
	echo "Bail out! $1"
	exit 1
}

done_testing() {
	[ -n "$tap_planned" ] || echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
	exit $?
}

# A scratch folder removed when the test ends.
tap_tmpdir() {
	TAP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/runflow-test.XXXXXX")
	trap 'rm -rf "$TAP_TMP"' EXIT
}

# pid_gone PIDFILE: whether the process named by the "pid=N" line of PIDFILE
# (written by tests/bin/child --pidfile) ends, or is a zombie, within 2 s.
pid_gone() {
	_pid=$(sed -n 's/^pid=//p' "$1")
	[ -n "$_pid" ] || return 1
	_i=0
	while [ $_i -lt 100 ]; do
		kill -0 "$_pid" 2>/dev/null || return 0
		case $(cut -d' ' -f3 "/proc/$_pid/stat" 2>/dev/null) in
		Z | X | '') return 0 ;;
		esac
		sleep 0.02
		_i=$((_i + 1))
	done
	return 1
}

# wait_files FILE...: wait up to 5 s until every FILE exists and is not
# empty; fails when one is still missing then.
wait_files() {
	_i=0
	while [ $_i -lt 250 ]; do
		_all=yes
		for _f; do
			[ -s "$_f" ] || _all=no
		done
		[ $_all = no ] || return 0
		sleep 0.02
		_i=$((_i + 1))
	done
	return 1
}

# require_engine: stop the test with one failed point, saying how to start
# the test engine, when no Docker engine answers (DOCKER_HOST).  Call it
# before plan.
require_engine() {
	if ! _out=$(timeout 30 docker info --format '{{.ServerVersion}}' 2>&1); then
		plan 1
		tap_result 1 "a Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset})"
		diag "docker info failed: $_out" \
		    "start the test engine and point docker at it:" \
		    "    $top_srcdir/scripts/engine start" \
		    "    export \$($top_srcdir/scripts/engine env)"
		exit 1
	fi
}
