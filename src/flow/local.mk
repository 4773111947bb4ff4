## src/flow: file lists for this area (included by Makefile.am).
librunflow_a_SOURCES += \
	src/flow/dag.c src/flow/dag.h \
	src/flow/flow.c src/flow/flow.h \
	src/flow/load.c src/flow/load.h \
	src/flow/retry.c src/flow/retry.h \
	src/flow/sched.c src/flow/sched.h

check_PROGRAMS += tests/unit/test_dag tests/unit/test_retry \
	tests/unit/test_sched
TESTS += tests/unit/test_dag tests/unit/test_retry tests/unit/test_sched
tests_unit_test_dag_SOURCES = tests/unit/test_dag.c
tests_unit_test_dag_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dag_LDADD = $(UNIT_LDADD)
tests_unit_test_retry_SOURCES = tests/unit/test_retry.c
tests_unit_test_retry_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_retry_LDADD = $(UNIT_LDADD)
## test_sched runs tests/bin/child, found through $TESTBIN.
tests_unit_test_sched_SOURCES = tests/unit/test_sched.c
tests_unit_test_sched_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sched_LDADD = $(UNIT_LDADD)

## End-to-end tests of the engine through `runflow run` (each skips while
## the run command is not built).
FLOW_SH_TESTS = \
	tests/sh/t0300-run-basic.sh \
	tests/sh/t0301-run-jobs.sh \
	tests/sh/t0302-run-retry-timeout.sh \
	tests/sh/t0303-run-signals.sh \
	tests/sh/t0304-file-io.sh \
	tests/sh/t0305-run-status.sh
TESTS += $(FLOW_SH_TESTS)
EXTRA_DIST += $(FLOW_SH_TESTS)
