#!/bin/sh
# flow_run shares the run's -j: its sub-tasks take job slots from the same
# pool, and a flow_run task lends its own slot while it waits, so -j 1
# neither deadlocks nor runs two things at once.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
plan 7
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

rf() {
	timeout 30 "$RUNFLOW" run --config="$TAP_TMP/empty.ini" "$@"
}

# A task body that takes one of the slots L1..L2 for 0.3 s, and records an
# overlap when none is free.
work='if mkdir L1 2>/dev/null; then s=L1; elif mkdir L2 2>/dev/null; then s=L2; else echo over >>overlap; s=; fi; echo $s >>used; sleep 0.3; [ -z $s ] || rmdir $s'

cat >flow.hcl <<HCL
flow "jobs" {
  task "flow_run" "outer" {
    source = <<-EOT
      flow "mid" {
        task "bash_run" "m1" { command = "$work" }
        task "bash_run" "m2" { command = "$work" }
        task "flow_run" "inner" {
          source = <<-EOS
            flow "leaf" {
              task "bash_run" "l1" { command = "$work" }
              task "bash_run" "l2" { command = "$work" }
            }
          EOS
        }
      }
    EOT
  }
  task "bash_run" "p1" { command = "$work" }
  task "bash_run" "p2" { command = "$work" }
}
HCL

rm -f overlap used
rf -j 1 flow.hcl >out 2>err
is "$?" 0 "-j 1 with nested flow_run tasks ends (no deadlock) and succeeds"
ok "[ ! -e overlap ]" "-j 1: never two tasks at once, sub-tasks included"
is "$(sort used | uniq -c | tr -s ' ')" " 6 L1" "-j 1: all six tasks ran in the one slot"
is "$(grep -c 'is successful\.$' err)" 8 "every task and sub-task succeeded (two flow_run, six bash_run)"

rm -f overlap used
rf -j 2 flow.hcl >out 2>err
is "$?" 0 "-j 2 succeeds"
ok "[ ! -e overlap ]" "-j 2: never three at once across the parent and its sub-flows"
ok "grep -qx L2 used" "-j 2: the second slot was used, sub-tasks side by side with others"
