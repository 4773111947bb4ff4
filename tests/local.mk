## Shell tests: tNNNN-topic.sh, TAP through tests/tap.sh.
EXTRA_DIST += tests/tap.sh

SH_TESTS = \
	tests/sh/t0001-cli.sh \
	tests/sh/t0700-load.sh \
	tests/sh/t0701-hcl2-template.sh \
	tests/sh/t0702-examples.sh \
	tests/sh/t0703-visualize.sh \
	tests/sh/t0704-hcl2json-eval.sh

## Tests against a real Docker engine (scripts/engine start).
SH_TESTS += \
	tests/sh/t0900-engine-smoke.sh
TESTS += $(SH_TESTS)
EXTRA_DIST += $(SH_TESTS)
EXTRA_DIST += scripts/setup scripts/engine scripts/lib.sh scripts/check scripts/hello-world

## The example flows (a test runs every one) and the documentation.
EXTRA_DIST += \
	examples/docker-entrypoint.hcl \
	examples/docker-env.hcl \
	examples/docker-failed-run.hcl \
	examples/docker-hello-world.hcl \
	README.md DEVELOPERS.md .clang-format
EXTRA_DIST += docs/compat.md docs/expressions.md \
	bench/docker-common.sh bench/docker-hello.sh bench/docker-output.sh \
	bench/docker-parallel.sh bench/sched-parallel.sh bench/spawn-floor.c
