# shellcheck shell=bash
# Shared helpers for the scripts in this directory.  Source it; it defines
# functions only and changes no shell options.
#
# Messages go to standard error and start with the program name, so that a
# script's standard output stays free for the data it prints.

# The name shown in front of messages; a script may set it before sourcing.
: "${PROG:=${0##*/}}"

# Print a message to standard error.
note() {
	printf '%s: %s\n' "$PROG" "$*" >&2
}

# Print a warning to standard error.
warn() {
	printf '%s: warning: %s\n' "$PROG" "$*" >&2
}

# Print an error to standard error and exit with status 1.
die() {
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	exit 1
}

# Succeed if PID names a live process (zombies count as gone).
pid_alive() {
	local pid=$1 key value

	[[ $pid =~ ^[0-9]+$ && -r /proc/$pid/status ]] || return 1
	while IFS=$' \t' read -r key value; do
		if [[ $key == State: ]]; then
			[[ $value != Z* ]]
			return
		fi
	done 2>/dev/null <"/proc/$pid/status"
	return 1
}

# Succeed if the command line of PID contains every one of the given strings.
# The command line is matched with its arguments joined by single spaces and
# one space after the last argument.
pid_cmdline_has() {
	local pid=$1 word cmdline
	local -a args
	shift

	pid_alive "$pid" || return 1
	mapfile -d '' -t args 2>/dev/null <"/proc/$pid/cmdline" || return 1
	printf -v cmdline '%s ' "${args[@]}"
	for word; do
		[[ $cmdline == *"$word"* ]] || return 1
	done
}

# Print the number stored in a pid file; fail if it is missing or malformed.
read_pidfile() {
	local pid

	[[ -r $1 ]] || return 1
	read -r pid <"$1" || [[ -n ${pid:-} ]] || return 1
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	printf '%s\n' "$pid"
}

# Run a command every STEP seconds until it succeeds or TIMEOUT seconds have
# passed: wait_until TIMEOUT STEP COMMAND [ARG...].  Fails on timeout.
wait_until() {
	local timeout=$1 step=$2 deadline
	shift 2

	deadline=$((SECONDS + timeout))
	until "$@"; do
		((SECONDS < deadline)) || return 1
		sleep "$step"
	done
}
