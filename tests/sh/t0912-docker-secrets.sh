#!/bin/sh
# Secrets stay out of argv (decisions §5): while the container runs, the
# docker CLI's /proc/PID/cmdline holds no environment value, and the
# container still sees every value byte for byte.  Needs the test engine.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"
: >empty.ini

require_engine
plan 10

# Every value starts with "sekrit" so one search finds any of them.
cat >secrets.hcl <<'EOF'
flow "secrets" {
  task "docker_run" "show" {
    image = "runflow-test/base:latest"
    environment = {
      S1 = "sekrit with  spaces"
      S2 = "sekrit \"double\" and 'single' quotes"
      S3 = "sekrit=with=equals="
      S4 = "sekrit line one\nline two\n"
      S5 = "sekrit UTF-8: h\u00e9llo \u2713 \u65e5\u672c"
      S6 = "sekrit $HOME `id` \\back\\slash $${x}"
    }
    command = ["/bin/bash", "-c", "sleep 4; for v in S1 S2 S3 S4 S5 S6; do printf '%s\\0' \"$${!v}\"; done"]
  }
  task "file_write" "save" {
    filename = "values.bin"
    content  = task.docker_run.show.stdout
  }
}
EOF
printf '%s\0' 'sekrit with  spaces' \
    "sekrit \"double\" and 'single' quotes" 'sekrit=with=equals=' \
    'sekrit line one
line two
' 'sekrit UTF-8: héllo ✓ 日本' 'sekrit $HOME `id` \back\slash ${x}' \
    >expected.bin

"$RUNFLOW" run --config="$TAP_TMP/empty.ini" secrets.hcl 2>err.txt &
rfpid=$!
# The docker CLI is runflow's child.
n=0
cli=
while [ -z "$cli" ] && [ $n -lt 300 ]; do
	cli=$(pgrep -P "$rfpid" -x docker | head -1)
	[ -n "$cli" ] || sleep 0.05
	n=$((n + 1))
done
ok "[ -n '$cli' ]" "the docker CLI runs as runflow's child (pid $cli)"
# Let it get past the creation of the container.
sleep 1.5
tr '\0' '\n' <"/proc/$cli/cmdline" >cmdline.txt 2>/dev/null
tr '\0' '\n' <"/proc/$cli/environ" >environ.txt 2>/dev/null
ok "grep -qx 'run' cmdline.txt && grep -qx 'runflow-test/base:latest' cmdline.txt" \
    "cmdline was read while docker run was running"
ok "! grep -q sekrit cmdline.txt" "no environment value in the CLI's cmdline"
for v in S1 S2 S3 S4 S5 S6; do
	printf '%s\n' "--env=$v"
done >want.txt
is "$(grep '^--env' cmdline.txt)" "$(cat want.txt)" \
    "argv carries --env=NAME for each entry"
ok "grep -qx 'S1=sekrit with  spaces' environ.txt" \
    "the values travel in the CLI's environment"
wait $rfpid
is "$?" 0 "runflow exits 0"
ok "cmp -s expected.bin values.bin" "the container saw every value byte for byte"
is "$(tr -cd '\0' <values.bin | wc -c | tr -d ' ')" 6 "six values came back"
ok "! ps -eo args | grep -v grep | grep -q sekrit" "no process shows a value now"
ok "[ ! -e \"/proc/$cli\" ]" "the CLI is gone"
