## src/hcl: the HCL2 native-syntax front end (lexer, parser, tree,
## templates, hcl2json) and its command.
librunflow_a_SOURCES += \
	src/hcl/ast.c src/hcl/ast.h \
	src/hcl/json.c src/hcl/json.h \
	src/hcl/lex.c src/hcl/lex.h \
	src/hcl/parse.c src/hcl/parse.h \
	src/hcl/template.c src/hcl/template.h \
	src/cli/hcl2json.c

## Language cases and golden diagnostics, each run by one shell driver.
TESTS += tests/sh/t0100-hcl-cases.sh tests/sh/t0101-diag-golden.sh \
	tests/sh/t0102-hcl2json-cli.sh
EXTRA_DIST += tests/sh/t0100-hcl-cases.sh tests/sh/t0101-diag-golden.sh \
	tests/sh/t0102-hcl2json-cli.sh \
	tests/hcl/cases tests/diag

check_PROGRAMS += tests/unit/test_lex tests/unit/test_parse
TESTS += tests/unit/test_lex tests/unit/test_parse
tests_unit_test_lex_SOURCES = tests/unit/test_lex.c
tests_unit_test_lex_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lex_LDADD = $(UNIT_LDADD)
tests_unit_test_parse_SOURCES = tests/unit/test_parse.c
tests_unit_test_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_parse_LDADD = $(UNIT_LDADD)

## Not a test: prints hcl2json throughput and memory on generated flows.
EXTRA_DIST += bench/hcl-throughput.sh bench/gen-flow.sh
