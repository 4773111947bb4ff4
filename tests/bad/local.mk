## tests/bad: the bad-input corpus, and runflow cleanup's tests (included
## by Makefile.am).  Each NNN-what.hcl (+ .args, .vars, .ini) has its
## expected stderr in .err; tests/sh/t0800-bad-input.sh runs them all, plus
## generated cases.  known-bugs lists the cases expected to fail until
## their bug is fixed.

BAD_TESTS = \
	tests/sh/t0800-bad-input.sh \
	tests/sh/t0801-cleanup.sh

## Against the test engine (scripts/engine start; export $(scripts/engine env)).
BAD_TESTS += \
	tests/sh/t0930-cleanup-engine.sh
TESTS += $(BAD_TESTS)
EXTRA_DIST += $(BAD_TESTS) tests/bad docs/reliability.md
