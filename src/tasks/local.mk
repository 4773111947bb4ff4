## src/tasks: file lists for this area (included by Makefile.am).

## shlex (src/util) exists for docker_run; its test lives with it here.
check_PROGRAMS += tests/unit/test_shlex
TESTS += tests/unit/test_shlex
tests_unit_test_shlex_SOURCES = tests/unit/test_shlex.c
tests_unit_test_shlex_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_shlex_LDADD = $(UNIT_LDADD)
