## tests/bin: the test kit programs and their own tests (included by
## Makefile.am).  Shell tests find them through $TESTBIN.

check_PROGRAMS += tests/bin/docker tests/bin/child
tests_bin_docker_SOURCES = tests/bin/fake-docker.c \
	tests/bin/testbin.c tests/bin/testbin.h
tests_bin_child_SOURCES = tests/bin/child.c \
	tests/bin/testbin.c tests/bin/testbin.h

TESTBIN_TESTS = \
	tests/sh/t0010-fake-docker.sh \
	tests/sh/t0011-child.sh
TESTS += $(TESTBIN_TESTS)
EXTRA_DIST += tests/bin/README.md $(TESTBIN_TESTS)
