## Reliability: faults and load against the fake docker (t0850-t0899)
## and the test engine (t0940-t0989), the load benchmarks they share, and
## scripts/sanitize (docs/reliability.md).
RELIABILITY_TESTS = \
	tests/sh/t0850-fault-docker-missing.sh \
	tests/sh/t0851-fault-signals-fake.sh \
	tests/sh/t0852-fault-disk-full.sh \
	tests/sh/t0853-fault-stdout-closed.sh \
	tests/sh/t0854-fault-no-newline.sh \
	tests/sh/t0855-fault-eintr.sh \
	tests/sh/t0860-load-fake.sh \
	tests/sh/t0870-security.sh \
	tests/sh/t0940-engine-daemon-down.sh \
	tests/sh/t0941-engine-image-missing.sh \
	tests/sh/t0942-engine-oom.sh \
	tests/sh/t0943-engine-cli-killed.sh \
	tests/sh/t0944-engine-signals.sh \
	tests/sh/t0960-engine-load.sh
TESTS += $(RELIABILITY_TESTS)
EXTRA_DIST += $(RELIABILITY_TESTS) scripts/sanitize \
	bench/load-common.sh bench/load-fake.sh bench/load-engine.sh
