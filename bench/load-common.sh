# Shared by the load benchmarks (bench/load-*.sh): sourced, not run.
#
# A sampler reads a running runflow's /proc entries every INTERVAL seconds
# and appends one line per sample:
#
#     SECONDS FDS VMRSS_KB VMHWM_KB CHILDREN ZOMBIES
#
# CHILDREN counts runflow's direct children, ZOMBIES those of them that
# exited and were not reaped yet.  load_summary turns the samples into
# key=value lines that the tests read back.

# load_options WHAT N JOBS ARG...: read -n, -j, -i and -k from ARG... into
# load_n (default N), load_jobs (default JOBS), load_interval (default
# 0.2) and load_keep; WHAT names what -n counts in the usage line.
load_options() {
	_what=$1 load_n=$2 load_jobs=$3 load_interval=0.2 load_keep=
	shift 3
	OPTIND=1
	while getopts n:j:i:k _opt; do
		case $_opt in
		n) load_n=$OPTARG ;;
		j) load_jobs=$OPTARG ;;
		i) load_interval=$OPTARG ;;
		k) load_keep=yes ;;
		*) echo "usage: $0 [-n $_what] [-j JOBS] [-i INTERVAL] [-k]" >&2; exit 2 ;;
		esac
	done
}

# load_now: seconds since the epoch, with nanoseconds.
load_now() {
	date +%s.%N
}

# load_children PID: the pids of PID's direct children, one a line.
load_children() {
	cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | sed '/^$/d'
}

# load_sample PID OUT INTERVAL: sample PID into OUT until it is gone.
# One awk reads the memory lines and the children's states, so a sample
# costs three processes whatever the number of children.
load_sample() {
	_start=$(load_now)
	while [ -d "/proc/$1" ]; do
		_fds=$(ls "/proc/$1/fd" 2>/dev/null | wc -l)
		_kids=$(load_children "$1" | sed 's|.*|/proc/&/stat|')
		# A child may be gone between the listing and the read.
		# shellcheck disable=SC2086 # one path per child
		_line=$(cat $_kids 2>/dev/null | awk -v start="$_start" -v fds="$_fds" '
		    FILENAME ~ /status$/ {
			if ($1 == "VmRSS:") rss = $2
			if ($1 == "VmHWM:") hwm = $2
			next
		    }
		    {
			kids++
			# The state follows the parenthesised command name.
			s = $0
			sub(/.*\) /, "", s)
			if (substr(s, 1, 1) == "Z") zombies++
		    }
		    END {
			if (rss == "") exit 1
			"date +%s.%N" | getline now
			printf "%.2f %d %d %d %d %d\n", now - start, fds, rss,
			    hwm, kids, zombies
		    }' "/proc/$1/status" - 2>/dev/null) || break
		echo "$_line" >>"$2"
		sleep "$3"
	done
}

# load_groups_alive FILE: how many live processes belong to one of the
# process groups listed in FILE (one a line).  One pass over /proc.
load_groups_alive() {
	for _s in /proc/[0-9]*/stat; do
		cat "$_s" 2>/dev/null
		echo
	done | awk 'NR == FNR { if ($1 != "") g[$1] = 1; next }
	    {
		# Fields after the parenthesised command name: state ppid pgrp.
		s = $0
		sub(/.*\) /, "", s)
		split(s, f, " ")
		if ((f[3] in g) && f[1] != "Z" && f[1] != "X") n++
	    }
	    END { print n + 0 }' "$1" -
}

# load_summary FILE: key=value lines describing the samples in FILE.  The
# figures of the first and the second half of the run are kept apart, so a
# caller can see whether descriptors or memory grew as tasks went by.
load_summary() {
	awk '
	{ t[NR] = $1; fd[NR] = $2; rss[NR] = $3; hwm[NR] = $4
	  kids[NR] = $5; zom[NR] = $6 }
	END {
		n = NR
		if (n == 0) { print "samples=0"; exit }
		h = int((n + 1) / 2)
		for (i = 1; i <= n; i++) {
			if (i <= h) {
				if (fd[i] > fd1) fd1 = fd[i]
				if (rss[i] > rss1) rss1 = rss[i]
			} else {
				if (fd[i] > fd2) fd2 = fd[i]
				if (rss[i] > rss2) rss2 = rss[i]
			}
			if (fd[i] > fdmax) fdmax = fd[i]
			if (kids[i] > kidmax) kidmax = kids[i]
			if (zom[i] > zommax) zommax = zom[i]
			zomsum += zom[i]
		}
		if (n == 1) { fd2 = fd1; rss2 = rss1 }
		printf "samples=%d\n", n
		printf "fd_first=%d\nfd_last=%d\nfd_max=%d\n", fd[1], fd[n], fdmax
		printf "fd_max_first_half=%d\nfd_max_second_half=%d\n", fd1, fd2
		printf "rss_kb_first=%d\nrss_kb_last=%d\n", rss[1], rss[n]
		printf "rss_kb_max_first_half=%d\nrss_kb_max_second_half=%d\n", rss1, rss2
		printf "hwm_kb=%d\n", hwm[n]
		printf "children_max=%d\n", kidmax
		printf "zombies_max=%d\nzombies_mean=%.2f\n", zommax, zomsum / n
	}' "$1"
}
