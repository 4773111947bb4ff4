#!/usr/bin/env bash
# t0900-engine-smoke: the Docker engine that the environment points to (the
# test engine, through DOCKER_HOST) runs the test images.  Prints TAP.
#
# No engine is not a reason to skip: the test fails and says how to start one.

set -uo pipefail

readonly BASE_IMAGE=runflow-test/base:latest
readonly ALIAS_IMAGE=ubuntu:latest
# What the end to end tests expect to find in the base image: absolute paths
# must exist, bare names must be executables on the image's PATH.
readonly BASE_ITEMS=(/bin/sh /bin/bash env echo cat sleep id /etc/passwd)

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
count=0
status=0

# Print every line of every argument as a TAP diagnostic line.
diag() {
	local text line

	for text; do
		while IFS= read -r line; do
			printf '# %s\n' "$line"
		done <<<"$text"
	done
}

# Report test DESCRIPTION as passed.
pass() {
	count=$((count + 1))
	printf 'ok %d - %s\n' "$count" "$1"
}

# Report test DESCRIPTION as failed, with the remaining arguments as
# diagnostics.
fail() {
	count=$((count + 1))
	status=1
	printf 'not ok %d - %s\n' "$count" "$1"
	shift
	diag "$@"
}

# Run the docker CLI, bounded so that a stuck engine fails the test instead
# of hanging it.
dock() {
	timeout 60 docker "$@"
}

# Indent every line of TEXT for a diagnostic.
indent() {
	printf '%s\n' "$1" | sed -e '/^$/d' -e 's/^/    /'
}

engine_hint=(
	"start the test engine and point the docker CLI at it:"
	"    $root/scripts/engine start"
	"    export \$($root/scripts/engine env)"
)

if ! command -v docker >/dev/null; then
	echo 1..1
	fail "a Docker engine answers" "no docker CLI on PATH" "${engine_hint[@]}"
	exit 1
fi
if ! out=$(timeout 30 docker version --format '{{.Server.Version}}' 2>&1); then
	echo 1..1
	fail "a Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset})" \
		"docker version failed:" "$(indent "$out")" "${engine_hint[@]}"
	exit 1
fi

echo "1..$((3 + ${#BASE_ITEMS[@]}))"
pass "a Docker engine answers (server $out)"

# bash runs, and its output comes back intact.
out=$(dock run --rm "$ALIAS_IMAGE" /bin/bash -c 'echo hi' 2>&1)
rc=$?
if ((rc == 0)) && [[ $out == hi ]]; then
	pass "$ALIAS_IMAGE runs bash -c 'echo hi' and prints hi"
else
	fail "$ALIAS_IMAGE runs bash -c 'echo hi' and prints hi" \
		"exit status $rc, output:" "$(indent "$out")"
fi

# One container lists where every expected item is, or MISSING.
# shellcheck disable=SC2016 # expanded by the container's shell
find_items='
for item; do
	found=
	case $item in
	/*) [ -e "$item" ] && found=$item ;;
	*)
		IFS=:
		for dir in $PATH; do
			if [ -f "$dir/$item" ] && [ -x "$dir/$item" ]; then
				found=$dir/$item
				break
			fi
		done
		unset IFS
		;;
	esac
	echo "$item ${found:-MISSING}"
done'
listing=$(dock run --rm "$BASE_IMAGE" /bin/sh -c "$find_items" sh "${BASE_ITEMS[@]}" 2>&1)
rc=$?
for item in "${BASE_ITEMS[@]}"; do
	where=
	while read -r name path; do
		if [[ $name == "$item" && $path != MISSING ]]; then
			where=$path
		fi
	done <<<"$listing"
	if ((rc == 0)) && [[ -n $where ]]; then
		pass "$BASE_IMAGE has $item ($where)"
	else
		fail "$BASE_IMAGE has $item" "exit status $rc, listing:" "$(indent "$listing")"
	fi
done

# The exit status of the command comes back as the container's.
out=$(dock run --rm "$ALIAS_IMAGE" /bin/sh -c 'exit 3' 2>&1)
rc=$?
if ((rc == 3)); then
	pass "a container told to exit 3 exits with status 3"
else
	fail "a container told to exit 3 exits with status 3" \
		"exit status $rc, output:" "$(indent "$out")"
fi

exit "$status"
