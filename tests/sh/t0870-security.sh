#!/bin/sh
# Values never pass through a shell and never reach an argv: a secret
# given to every task type that starts programs (bash_run, docker_run,
# and both inside a flow_run) reaches each program through its
# environment only.  While the flow runs, every process of the machine is
# scanned for it in its command line; the fake docker's records show each
# call's argv and environment.  Values made of shell syntax arrive as
# they were written and run nothing.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 12
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
[ -x "$TESTBIN/docker" ] || bail "no fake docker in $TESTBIN"
unset RUNFLOW_DOCKER RUNFLOW_CONFIG
HOME=$TAP_TMP/home
XDG_CONFIG_HOME=$HOME/.config
export HOME XDG_CONFIG_HOME
mkdir -p "$HOME" log script

# A secret no other process has in its command line.
secret="s3cret-$$-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$secret" >secret
# Every fake docker call lasts 0.3 s, so the scan sees them.
echo 0.3 >script/default.delay
hostile='$(touch pwned-1); touch pwned-2 `touch pwned-3` "'"'"

cat >flow.hcl <<HCL
flow "security" {
  variable "secret" {}
  variable "hostile" {}
  task "bash_run" "b" {
    command = "sleep 0.3; printf '%s' \"\$SECRET\" >bash.out"
    env     = { SECRET = var.secret }
  }
  task "docker_run" "d" {
    image       = "img"
    command     = ["echo", var.hostile]
    environment = { SECRET = var.secret }
    labels      = { hostile = var.hostile }
    working_dir = "/\${var.hostile}"
  }
  task "flow_run" "sub" {
    vars = { secret = var.secret }
    source = <<-EOT
      flow "inner" {
        variable "secret" {}
        task "bash_run" "b" {
          command = "sleep 0.3; printf '%s' \"\$SECRET\" >inner.out"
          env     = { SECRET = var.secret }
        }
        task "docker_run" "d" {
          image       = "img"
          environment = { SECRET = var.secret }
        }
      }
    EOT
  }
}
HCL

# The value goes in through the environment too: not on runflow's own
# command line either.
RUNFLOW_VAR_secret=$secret RUNFLOW_VAR_hostile=$hostile \
FAKE_DOCKER_LOG=$TAP_TMP/log FAKE_DOCKER_SCRIPT=$TAP_TMP/script \
    "$RUNFLOW" run --docker "$TESTBIN/docker" -j 4 flow.hcl >out 2>err &
runner=$!
# A process that does have the secret in its command line, so the scan
# below is known to see one.
sh -c 'sleep 2; :' "$secret" &
control=$!
# Scan every command line while the flow runs (grep reads the secret
# from a file, so its own command line holds no copy).
: >seen
while kill -0 "$runner" 2>/dev/null; do
	for f in /proc/[0-9]*/cmdline; do
		tr '\0' ' ' <"$f" 2>/dev/null | grep -qF -f secret &&
			echo "$f" >>seen
	done
	sleep 0.02
done
wait "$runner"
is "$?" 0 "the flow runs"
kill "$control" 2>/dev/null
is "$(sort -u seen)" "/proc/$control/cmdline" \
    "no process but the scan's control had the secret in its command line"
is "$(cat bash.out)" "$secret" "bash_run's program got it in its environment"
is "$(cat inner.out)" "$secret" "so did the one inside the flow_run"

runs=$(grep -l '^subcommand=run$' log/*.meta | sed 's/\.meta$//')
is "$(echo "$runs" | wc -l)" 2 "two docker run calls"
n=0
for r in $runs; do
	tr '\0' '\n' <"$r.env" | grep -qxF "SECRET=$secret" && n=$((n + 1))
done
is "$n" 2 "each docker run call has the secret in its environment"
is "$(cat log/*.argv | tr '\0' '\n' | grep -cF -f secret)" 0 \
    "and no docker call has it in its arguments"
is "$(cat log/*.argv | tr '\0' '\n' | grep -cx -- '--env=SECRET')" 2 \
    "the CLI is told the name only: --env=SECRET"

# The hostile value is one argument each time, byte for byte.
d=$(for r in $runs; do
	tr '\0' '\n' <"$r.argv" | grep -q -- '^--label=hostile=' && echo "$r"
done)
is "$(tr '\0' '\n' <"$d.argv" | grep -cxF -e "--label=hostile=$hostile" \
    -e "--workdir=/$hostile" -e "$hostile")" 3 \
    "a value of shell syntax is passed as it was written, as one argument"
is "$(ls pwned-* 2>/dev/null)" "" "and runs nothing"

# The plan is for the person at the terminal: it shows each command as a
# shell line that runs as printed, the environment as assignments in front.
RUNFLOW_VAR_secret=$secret RUNFLOW_VAR_hostile=$hostile \
    "$RUNFLOW" plan --docker "$TESTBIN/docker" flow.hcl >plan 2>&1
is "$?" 0 "plan runs"
is "$(grep -c "^ *SECRET=$secret " plan)" 4 \
    "and shows the secret only as the assignment in front of each command"
