#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "exec/loop.h"
#include "loop_fixture.h"

/*
 * The loop of the running test.  A failed assertion jumps out of the test
 * before its loop_free(); the teardown frees it then, so one failure does
 * not make every later loop_new() fail with EBUSY.
 */
static struct loop *fixture_loop;

/* Make the test's loop. */
struct loop *
test_loop_new(void)
{
	fixture_loop = loop_new();
	assert_non_null(fixture_loop);
	return fixture_loop;
}

/* Free the test's loop. */
void
test_loop_free(struct loop *loop)
{
	assert_ptr_equal(loop, fixture_loop);
	loop_free(loop);
	fixture_loop = NULL;
}

/* Teardown: free a loop a failed test left behind. */
int
teardown_loop(void **state)
{
	(void)state;
	if (fixture_loop != NULL)
		loop_free(fixture_loop);
	fixture_loop = NULL;
	return 0;
}

/* The number of open fds, from /proc/self/fd. */
int
count_fds(void)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	d = opendir("/proc/self/fd");
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own fd */
}

/* Assert that this process has no child left, reaped or not. */
void
assert_no_children(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}
