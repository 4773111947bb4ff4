## src/tasks: file lists for this area (included by Makefile.am).

## The task-type interface and the simple task types.
librunflow_a_SOURCES += \
	src/tasks/task.c src/tasks/task.h \
	src/tasks/bash_run.c \
	src/tasks/file_io.c \
	src/tasks/template.c \
	src/tasks/flow_run.c

check_PROGRAMS += tests/unit/test_tasks
TESTS += tests/unit/test_tasks
tests_unit_test_tasks_SOURCES = tests/unit/test_tasks.c
tests_unit_test_tasks_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_tasks_LDADD = $(UNIT_LDADD)
## file_write's temporary names made predictable by the test.
tests_unit_test_tasks_LDFLAGS = -Wl,--wrap=getrandom

## docker_run: the argument table and its translation to `docker run`.
librunflow_a_SOURCES += \
	src/tasks/docker_args.c src/tasks/docker_args.h \
	src/tasks/docker_emit.c src/tasks/docker_emit.h

## docker_run: the task type's runtime.
librunflow_a_SOURCES += src/tasks/docker_run.c src/tasks/docker_run.h

## Docker engines and the placement of docker_run tasks on them.
librunflow_a_SOURCES += src/tasks/engine.c src/tasks/engine.h \
	src/tasks/docker_swarm.c src/tasks/docker_swarm.h

check_PROGRAMS += tests/unit/test_engine
TESTS += tests/unit/test_engine
tests_unit_test_engine_SOURCES = tests/unit/test_engine.c
tests_unit_test_engine_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_engine_LDADD = $(UNIT_LDADD)

## Engine pools end to end: the fake docker (t062x), and private engines
## started by the tests themselves (t095x: scripts/engine --name).
ENGINE_TESTS = \
	tests/sh/t0620-engine-pool-fake.sh \
	tests/sh/t0950-engine-pool.sh \
	tests/sh/t0951-engine-swarm.sh
TESTS += $(ENGINE_TESTS)
EXTRA_DIST += $(ENGINE_TESTS)
EXTRA_DIST += docs/engines.md docs/swarm.md bench/engines-pool.sh \
	bench/engines-swarm.sh

check_PROGRAMS += tests/unit/test_docker_run
TESTS += tests/unit/test_docker_run
tests_unit_test_docker_run_SOURCES = tests/unit/test_docker_run.c
tests_unit_test_docker_run_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_docker_run_LDADD = $(UNIT_LDADD)

## docker_run end to end: against the fake docker (t06xx), and against the
## test engine (t091x: scripts/engine start; export $(scripts/engine env)).
DOCKER_RUN_TESTS = \
	tests/sh/t0600-docker-run-fake.sh \
	tests/sh/t0910-docker-examples.sh \
	tests/sh/t0911-docker-orphans.sh \
	tests/sh/t0912-docker-secrets.sh \
	tests/sh/t0913-docker-output.sh \
	tests/sh/t0914-docker-inspect.sh \
	tests/sh/t0915-docker-config-proxy.sh
TESTS += $(DOCKER_RUN_TESTS)
EXTRA_DIST += $(DOCKER_RUN_TESTS)

check_PROGRAMS += tests/unit/test_docker_args
TESTS += tests/unit/test_docker_args
tests_unit_test_docker_args_SOURCES = tests/unit/test_docker_args.c \
	tests/unit/docker_args_cases.h
tests_unit_test_docker_args_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_docker_args_LDADD = $(UNIT_LDADD)

## shlex (src/util) exists for docker_run; its test lives with it here.
check_PROGRAMS += tests/unit/test_shlex
TESTS += tests/unit/test_shlex
tests_unit_test_shlex_SOURCES = tests/unit/test_shlex.c
tests_unit_test_shlex_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_shlex_LDADD = $(UNIT_LDADD)

EXTRA_DIST += docs/docker_run.md

## flow_run: sub-flows inside a task.
check_PROGRAMS += tests/unit/test_flow_run
TESTS += tests/unit/test_flow_run
tests_unit_test_flow_run_SOURCES = tests/unit/test_flow_run.c
tests_unit_test_flow_run_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_flow_run_LDADD = $(UNIT_LDADD)

## flow_run end to end.
FLOW_RUN_TESTS = \
	tests/sh/t0310-flow-run.sh \
	tests/sh/t0311-flow-run-fail.sh \
	tests/sh/t0312-flow-run-load.sh \
	tests/sh/t0313-flow-run-jobs.sh \
	tests/sh/t0314-flow-run-signals.sh \
	tests/sh/t0315-flow-run-plan.sh \
	tests/sh/t0316-flow-run-docker.sh
TESTS += $(FLOW_RUN_TESTS)
EXTRA_DIST += $(FLOW_RUN_TESTS)
