## src/exec: file lists for this area (included by Makefile.am).
librunflow_a_SOURCES += \
	src/exec/loop.c src/exec/loop.h \
	src/exec/proc.c src/exec/proc.h \
	src/exec/spawn.c src/exec/spawn.h

check_PROGRAMS += tests/unit/test_loop
TESTS += tests/unit/test_loop
tests_unit_test_loop_SOURCES = tests/unit/test_loop.c \
	tests/unit/loop_fixture.c tests/unit/loop_fixture.h
tests_unit_test_loop_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_loop_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test_spawn
TESTS += tests/unit/test_spawn
tests_unit_test_spawn_SOURCES = tests/unit/test_spawn.c \
	tests/unit/loop_fixture.c tests/unit/loop_fixture.h
tests_unit_test_spawn_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_spawn_LDADD = $(UNIT_LDADD)

## Against tests/bin/child ($TESTBIN), which make check builds first.
check_PROGRAMS += tests/unit/test_exec_child
TESTS += tests/unit/test_exec_child
tests_unit_test_exec_child_SOURCES = tests/unit/test_exec_child.c \
	tests/unit/loop_fixture.c tests/unit/loop_fixture.h
tests_unit_test_exec_child_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_exec_child_LDADD = $(UNIT_LDADD)

## The floor that runflow's spawn benchmarks compare against.
noinst_PROGRAMS += bench/spawn-floor
bench_spawn_floor_SOURCES = bench/spawn-floor.c
## Scheduling cost per task against that floor (bench/sched-scale.sh).
EXTRA_DIST += bench/sched-scale.sh
