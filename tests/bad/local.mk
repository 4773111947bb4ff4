## tests/bad: the bad-input corpus (included by Makefile.am).  Each
## NNN-what.hcl (+ .args, .vars, .ini) has its expected stderr in .err;
## tests/sh/t0800-bad-input.sh runs them all, plus generated cases.
## known-bugs lists the cases expected to fail until their bug is fixed.

BAD_TESTS = \
	tests/sh/t0800-bad-input.sh
TESTS += $(BAD_TESTS)
EXTRA_DIST += $(BAD_TESTS) tests/bad
