## src/eval: the value model and the built-in function library.
librunflow_a_SOURCES += \
	src/eval/value.c src/eval/value.h

check_PROGRAMS += tests/unit/test_value
TESTS += tests/unit/test_value
tests_unit_test_value_SOURCES = tests/unit/test_value.c
tests_unit_test_value_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_value_LDADD = $(UNIT_LDADD)

librunflow_a_SOURCES += \
	src/eval/func.c src/eval/func.h src/eval/func_lib.h \
	src/eval/func_collection.c \
	src/eval/func_encoding.c \
	src/eval/func_file.c \
	src/eval/func_number.c \
	src/eval/func_string.c \
	src/eval/func_time.c

## One cmocka program per family; tests/unit/func_test.h is their harness.
FUNC_TESTS = \
	tests/unit/test_func \
	tests/unit/test_func_collection \
	tests/unit/test_func_encoding \
	tests/unit/test_func_file \
	tests/unit/test_func_number \
	tests/unit/test_func_string \
	tests/unit/test_func_time
check_PROGRAMS += $(FUNC_TESTS)
TESTS += $(FUNC_TESTS)
EXTRA_DIST += tests/unit/func_test.h

tests_unit_test_func_SOURCES = tests/unit/test_func.c
tests_unit_test_func_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_func_LDADD = $(UNIT_LDADD)
tests_unit_test_func_collection_SOURCES = tests/unit/test_func_collection.c
tests_unit_test_func_collection_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_func_collection_LDADD = $(UNIT_LDADD)
tests_unit_test_func_encoding_SOURCES = tests/unit/test_func_encoding.c
tests_unit_test_func_encoding_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_func_encoding_LDADD = $(UNIT_LDADD)
tests_unit_test_func_file_SOURCES = tests/unit/test_func_file.c
tests_unit_test_func_file_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_func_file_LDADD = $(UNIT_LDADD)
tests_unit_test_func_number_SOURCES = tests/unit/test_func_number.c
tests_unit_test_func_number_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_func_number_LDADD = $(UNIT_LDADD)
tests_unit_test_func_string_SOURCES = tests/unit/test_func_string.c
tests_unit_test_func_string_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_func_string_LDADD = $(UNIT_LDADD)
tests_unit_test_func_time_SOURCES = tests/unit/test_func_time.c
tests_unit_test_func_time_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_func_time_LDADD = $(UNIT_LDADD)

EXTRA_DIST += docs/functions.md

## libFuzzer target: JSON read/write round trip (./configure --enable-fuzzing).
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_json
tests_fuzz_fuzz_json_SOURCES = tests/fuzz/fuzz_json.c
tests_fuzz_fuzz_json_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_json_LDADD = $(RF_LIBS)
else
EXTRA_DIST += tests/fuzz/fuzz_json.c
endif
