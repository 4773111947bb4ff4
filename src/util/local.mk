librunflow_a_SOURCES += \
	src/util/arena.c src/util/arena.h \
	src/util/buf.c src/util/buf.h \
	src/util/jsonw.c src/util/jsonw.h \
	src/util/log.c src/util/log.h \
	src/util/shlex.c src/util/shlex.h \
	src/util/shquote.c src/util/shquote.h \
	src/util/strvec.c src/util/strvec.h \
	src/util/utf8.c src/util/utf8.h \
	src/util/xmalloc.c src/util/xmalloc.h

check_PROGRAMS += tests/unit/test_util
TESTS += tests/unit/test_util
tests_unit_test_util_SOURCES = tests/unit/test_util.c
tests_unit_test_util_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_util_LDADD = $(UNIT_LDADD)
