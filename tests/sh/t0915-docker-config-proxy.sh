#!/bin/sh
# use_config_proxy: the docker CLI gives a container the proxies of its
# config.json as environment variables; with use_config_proxy = false
# runflow runs the CLI with a private copy of the configuration without
# them, removed when the run ends.  Needs the test engine.
. "$top_srcdir/tests/tap.sh"
tap_tmpdir
unset RUNFLOW_DOCKER RUNFLOW_CONFIG DOCKER_CONFIG
cd "$TAP_TMP" || bail "cannot enter $TAP_TMP"

require_engine
plan 8

# The CLI reads $HOME/.docker/config.json; the proxies go to containers.
HOME=$TAP_TMP/home
XDG_CONFIG_HOME=$HOME/.config
export HOME XDG_CONFIG_HOME
mkdir -p "$HOME/.docker" tmp
cat >"$HOME/.docker/config.json" <<'EOF'
{
  "detachKeys": "ctrl-e,e",
  "proxies": {
    "default": {
      "httpProxy": "http://proxy.invalid:3128",
      "noProxy": "localhost"
    }
  }
}
EOF
cp "$HOME/.docker/config.json" config.before

cat >proxy.hcl <<'EOF'
flow "proxy" {
  task "docker_run" "with" {
    image   = "runflow-test/base:latest"
    command = ["/bin/sh", "-c", "echo \"$${HTTP_PROXY:-none} $${NO_PROXY:-none}\""]
  }
  task "docker_run" "without" {
    image            = "runflow-test/base:latest"
    command          = ["/bin/sh", "-c", "echo \"$${HTTP_PROXY:-none} $${NO_PROXY:-none}\""]
    use_config_proxy = false
  }
  task "file_write" "report" {
    filename = "report"
    content  = "${task.docker_run.with.stdout}\n${task.docker_run.without.stdout}\n"
  }
}
EOF
TMPDIR=$TAP_TMP/tmp "$RUNFLOW" run -j 1 proxy.hcl >out 2>err
is "$?" 0 "the flow runs"
is "$(sed -n 1p report)" "http://proxy.invalid:3128 localhost" \
    "by default the container gets config.json's proxies"
is "$(sed -n 2p report)" "none none" \
    "with use_config_proxy = false it gets none"
ok "cmp -s config.before '$HOME/.docker/config.json'" \
    "the user's config.json is left as it was"
is "$(ls -A tmp)" "" "the private copy is gone after the run"

# A configuration without proxies needs no copy: the CLI reads the
# user's own, DOCKER_CONFIG included.
mkdir conf2
printf '{"detachKeys": "ctrl-e,e"}\n' >conf2/config.json
sed -n '/task "docker_run" "without"/,/^  }/p' proxy.hcl |
	sed '1s/.*/flow "plain" {\n  task "docker_run" "without" {/; $s/.*/  }\n}/' >plain.hcl
DOCKER_CONFIG=$TAP_TMP/conf2 TMPDIR=$TAP_TMP/tmp "$RUNFLOW" run plain.hcl \
    >out 2>err
is "$?" 0 "without proxies to leave out, the task runs as well"
like "$(cat err)" 'Task "without" is successful\.' "and succeeds"
is "$(ls -A tmp)" "" "and leaves nothing behind"
