## src/eval: the value model and the built-in function library.
librunflow_a_SOURCES += \
	src/eval/value.c src/eval/value.h

check_PROGRAMS += tests/unit/test_value
TESTS += tests/unit/test_value
tests_unit_test_value_SOURCES = tests/unit/test_value.c
tests_unit_test_value_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_value_LDADD = $(UNIT_LDADD)
