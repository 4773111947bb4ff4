## src/eval: file lists for this area (included by Makefile.am).
## The expression evaluator and its scopes.
librunflow_a_SOURCES += \
	src/eval/eval.c src/eval/eval.h \
	src/eval/scope.c src/eval/scope.h

check_PROGRAMS += tests/unit/test_eval
TESTS += tests/unit/test_eval
tests_unit_test_eval_SOURCES = tests/unit/test_eval.c
tests_unit_test_eval_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_eval_LDADD = $(UNIT_LDADD)

## runflow eval (the command lives with the evaluator it exposes).
librunflow_a_SOURCES += src/cli/eval.c

## Language cases through runflow eval, and the command's own tests.
TESTS += tests/sh/t0200-eval-cases.sh tests/sh/t0201-eval-cli.sh
EXTRA_DIST += tests/sh/t0200-eval-cases.sh tests/sh/t0201-eval-cli.sh \
	tests/hcl/eval-cases docs/expressions.md
