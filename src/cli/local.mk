librunflow_a_SOURCES += \
	src/cli/cli.h src/cli/commands.c
librunflow_a_SOURCES += src/cli/config.c src/cli/config.h src/cli/run.c \
	src/cli/cleanup.c

check_PROGRAMS += tests/unit/test_config
TESTS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_config_LDADD = $(UNIT_LDADD)

dist_man_MANS += docs/runflow.1
