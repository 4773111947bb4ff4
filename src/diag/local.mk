librunflow_a_SOURCES += \
	src/diag/diag.c src/diag/diag.h \
	src/diag/source.c src/diag/source.h

check_PROGRAMS += tests/unit/test_diag
TESTS += tests/unit/test_diag
tests_unit_test_diag_SOURCES = tests/unit/test_diag.c
tests_unit_test_diag_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_diag_LDADD = $(UNIT_LDADD)
