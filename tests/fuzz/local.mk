## tests/fuzz: libFuzzer targets, built only with --enable-fuzzing (clang).
## Run one as: tests/fuzz/fuzz_parse -max_total_time=600 CORPUS_DIR
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_lex tests/fuzz/fuzz_parse
tests_fuzz_fuzz_lex_SOURCES = tests/fuzz/fuzz_lex.c
tests_fuzz_fuzz_lex_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_lex_LDADD = $(RF_LIBS)
tests_fuzz_fuzz_parse_SOURCES = tests/fuzz/fuzz_parse.c
tests_fuzz_fuzz_parse_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_parse_LDADD = $(RF_LIBS)
endif
EXTRA_DIST += tests/fuzz/fuzz_lex.c tests/fuzz/fuzz_parse.c
## docker_run: shlex splitting and the argument translation.
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_shlex tests/fuzz/fuzz_docker_args
tests_fuzz_fuzz_shlex_SOURCES = tests/fuzz/fuzz_shlex.c
tests_fuzz_fuzz_shlex_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_shlex_LDADD = $(RF_LIBS)
tests_fuzz_fuzz_docker_args_SOURCES = tests/fuzz/fuzz_docker_args.c
tests_fuzz_fuzz_docker_args_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_docker_args_LDADD = $(RF_LIBS)
endif
EXTRA_DIST += tests/fuzz/fuzz_shlex.c tests/fuzz/fuzz_docker_args.c
## The evaluator: expressions and bare templates with variables.
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_eval
tests_fuzz_fuzz_eval_SOURCES = tests/fuzz/fuzz_eval.c
tests_fuzz_fuzz_eval_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_eval_LDADD = $(RF_LIBS)
endif
EXTRA_DIST += tests/fuzz/fuzz_eval.c
## A short run of every target (FUZZ_TIME seconds each, default 60) is
## part of make check in a fuzzing build.
if FUZZING
TESTS += tests/fuzz/run-fuzz.sh
endif
EXTRA_DIST += tests/fuzz/run-fuzz.sh tests/fuzz/hcl.dict tests/fuzz/json.dict \
	tests/fuzz/docker_args.dict tests/fuzz/seeds
