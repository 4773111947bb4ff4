#!/bin/sh
# Every example flow loads and plans; the docs' hello-world example plans
# exactly the documented command.  (t0910 runs them against the engine.)
. "$top_srcdir/tests/tap.sh"
n=$(ls "$top_srcdir"/examples/*.hcl | wc -l)
plan $((n + 2))

for f in "$top_srcdir"/examples/*.hcl; do
	"$RUNFLOW" plan "$f" >/dev/null 2>&1
	is "$?" 0 "$(basename "$f") loads and plans"
done
out=$("$RUNFLOW" plan "$top_srcdir/examples/docker-hello-world.hcl" --var out=/tmp/out.txt)
is "$out" "# task.docker_run.echo
docker run --rm ubuntu:latest echo hello world
# task.file_write.save
# write \${task.docker_run.echo.stdout} to /tmp/out.txt" "hello world plans the documented command"
out=$("$RUNFLOW" plan "$top_srcdir/examples/docker-entrypoint.hcl")
like "$out" "^docker run --rm --entrypoint=/bin/bash ubuntu:latest -c 'echo runflow is awesome'$" \
	"a list entrypoint puts its tail before the command"
done_testing
