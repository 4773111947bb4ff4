/*
 * What the exec tests share: one event loop per test, freed by the
 * teardown when a failed assertion skipped the test's own loop_free(), and
 * checks that nothing leaks (file descriptors, child processes).
 */
#ifndef RF_TESTS_LOOP_FIXTURE_H
#define RF_TESTS_LOOP_FIXTURE_H

struct loop;

/* Make the test's loop (asserts it could). */
struct loop *test_loop_new(void);
/* Free the test's loop (asserts it is the one test_loop_new made). */
void test_loop_free(struct loop *loop);
/* cmocka teardown: free a loop a failed test left behind. */
int teardown_loop(void **state);
/* The number of file descriptors this process has open. */
int count_fds(void);
/* Assert that this process has no child left, reaped or not. */
void assert_no_children(void);

#endif
