## Shell tests: tNNNN-topic.sh, TAP through tests/tap.sh.
EXTRA_DIST += tests/tap.sh

SH_TESTS = \
	tests/sh/t0001-cli.sh
TESTS += $(SH_TESTS)
EXTRA_DIST += $(SH_TESTS)
