#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "flow/retry.h"

/* A fake random source returning *arg every time. */
static double
fixed_rand(void *arg)
{
	return *(double *)arg;
}

/* Parse text and assert the limits; err must stay NULL. */
static void
assert_stop(const char *text, unsigned attempts, double seconds)
{
	struct retry_policy p;
	char *err = NULL;

	retry_policy_init(&p);
	assert_int_equal(retry_parse_stop(&p, text, &err), 0);
	assert_null(err);
	assert_int_equal(p.max_attempts, attempts);
	assert_true(p.max_seconds == seconds);
	retry_policy_release(&p);
}

/* Parse text, assert failure with exactly msg, and p unchanged. */
static void
assert_stop_error(const char *text, const char *msg)
{
	struct retry_policy p;
	char *err = NULL;

	retry_policy_init(&p);
	assert_int_equal(retry_parse_stop(&p, text, &err), -1);
	assert_non_null(err);
	assert_string_equal(err, msg);
	assert_int_equal(p.max_attempts, 1);
	free(err);
}

static void
test_parse_stop(void **state)
{
	(void)state;
	assert_stop("3 times | 30 seconds", 3, 30);
	assert_stop("30 seconds|3 times", 3, 30);
	assert_stop("1 time", 1, 0);
	assert_stop("  5 times  ", 5, 0);
	assert_stop("2.5 seconds", 0, 2.5);
	assert_stop("1 second", 0, 1);
	assert_stop_error("3 tims", "unknown unit 'tims' in stop_after; "
	    "use 'times' or 'seconds'");
	assert_stop_error("", "empty clause in stop_after; write 'N times' "
	    "or 'N seconds' joined by '|'");
	assert_stop_error("3 times |", "empty clause in stop_after; write "
	    "'N times' or 'N seconds' joined by '|'");
	assert_stop_error("x times", "stop_after clause 'x times' does not "
	    "start with a number");
	assert_stop_error("0 times", "stop_after count '0' must be a whole "
	    "number from 1");
	assert_stop_error("1.5 times", "stop_after count '1.5' must be a "
	    "whole number from 1");
	assert_stop_error("0 seconds", "stop_after delay '0' must be above "
	    "0 seconds");
}

static void
test_should_stop(void **state)
{
	struct retry_policy p;
	char *err = NULL;

	(void)state;
	retry_policy_init(&p);
	/* No _retry: one attempt. */
	assert_true(retry_should_stop(&p, 1, 0));
	assert_int_equal(retry_parse_stop(&p, "3 times | 2 seconds", &err), 0);
	assert_false(retry_should_stop(&p, 1, 0));
	assert_false(retry_should_stop(&p, 2, 1999));
	assert_true(retry_should_stop(&p, 3, 0));
	assert_true(retry_should_stop(&p, 1, 2000));
	assert_int_equal(retry_parse_stop(&p, "1.5 seconds", &err), 0);
	assert_false(retry_should_stop(&p, 1000, 1499));
	assert_true(retry_should_stop(&p, 2, 1500));
	retry_policy_release(&p);
}

/* Make a numeric wait and assert success. */
static void
make(struct retry_wait *w, const char *name, const double *args, size_t n)
{
	char *err = NULL;

	assert_int_equal(retry_wait_make(w, name, args, n, &err), 0);
	assert_null(err);
}

static void
test_wait_fixed_and_exponential(void **state)
{
	struct retry_wait w;
	const double two = 2, exp1[] = { 1, 0, 10 }, exp2[] = { 0.5, 2, 100 };
	const double expected1[] = { 1, 2, 4, 8, 10, 10 };
	const double expected2[] = { 2, 2, 2, 4, 8 };

	(void)state;
	make(&w, "wait_fixed", &two, 1);
	for (unsigned a = 1; a <= 5; a++)
		assert_true(retry_wait_seconds(&w, a, NULL, NULL) == 2);
	retry_wait_release(&w);

	/* multiplier * 2^(attempt-1), clamped to [min, max]. */
	make(&w, "wait_exponential", exp1, 3);
	for (unsigned a = 1; a <= 6; a++)
		assert_true(retry_wait_seconds(&w, a, NULL, NULL) ==
		    expected1[a - 1]);
	retry_wait_release(&w);
	make(&w, "wait_exponential", exp2, 3);
	for (unsigned a = 1; a <= 5; a++)
		assert_true(retry_wait_seconds(&w, a, NULL, NULL) ==
		    expected2[a - 1]);
	/* Huge attempt numbers clamp instead of overflowing. */
	assert_true(retry_wait_seconds(&w, 5000, NULL, NULL) == 100);
	retry_wait_release(&w);

	/* Defaults: multiplier 1, no min, no max to speak of. */
	make(&w, "wait_exponential", NULL, 0);
	assert_true(retry_wait_seconds(&w, 1, NULL, NULL) == 1);
	assert_true(retry_wait_seconds(&w, 4, NULL, NULL) == 8);
	retry_wait_release(&w);
}

static void
test_wait_random(void **state)
{
	struct retry_wait w;
	const double r13[] = { 1, 3 }, rexp[] = { 2, 10 };
	double r;

	(void)state;
	make(&w, "wait_random", r13, 2);
	r = 0;
	assert_true(retry_wait_seconds(&w, 1, fixed_rand, &r) == 1);
	r = 0.25;
	assert_true(retry_wait_seconds(&w, 7, fixed_rand, &r) == 1.5);
	retry_wait_release(&w);
	/* wait_random() is uniform in [0, 1). */
	make(&w, "wait_random", NULL, 0);
	r = 0.5;
	assert_true(retry_wait_seconds(&w, 1, fixed_rand, &r) == 0.5);
	retry_wait_release(&w);

	/* Uniform in [0, min(mult * 2^(n-1), max)). */
	make(&w, "wait_random_exponential", rexp, 2);
	r = 0.5;
	assert_true(retry_wait_seconds(&w, 1, fixed_rand, &r) == 1);
	assert_true(retry_wait_seconds(&w, 2, fixed_rand, &r) == 2);
	assert_true(retry_wait_seconds(&w, 3, fixed_rand, &r) == 4);
	assert_true(retry_wait_seconds(&w, 5, fixed_rand, &r) == 5);
	r = 0;
	assert_true(retry_wait_seconds(&w, 5, fixed_rand, &r) == 0);
	retry_wait_release(&w);
}

static void
test_wait_chain(void **state)
{
	struct retry_wait parts[3], w;
	const double one = 1, two = 2, exp[] = { 1, 0, 100 };
	const double expected[] = { 1, 2, 4, 8, 16 };
	char *err = NULL;

	(void)state;
	make(&parts[0], "wait_fixed", &one, 1);
	make(&parts[1], "wait_fixed", &two, 1);
	make(&parts[2], "wait_exponential", exp, 3);
	assert_int_equal(retry_wait_chain(&w, parts, 3, &err), 0);
	/* The parts were moved into the chain. */
	assert_int_equal(parts[0].kind, RETRY_WAIT_NONE);
	for (unsigned a = 1; a <= 5; a++)
		assert_true(retry_wait_seconds(&w, a, NULL, NULL) ==
		    expected[a - 1]);
	retry_wait_release(&w);
	assert_int_equal(retry_wait_chain(&w, parts, 0, &err), -1);
	assert_string_equal(err, "'wait_chain' needs at least one wait");
	free(err);
}

/* Assert that retry_wait_make fails with msg. */
static void
assert_make_error(const char *name, const double *args, size_t n,
    const char *msg)
{
	struct retry_wait w;
	char *err = NULL;

	assert_int_equal(retry_wait_make(&w, name, args, n, &err), -1);
	assert_non_null(err);
	assert_string_equal(err, msg);
	free(err);
}

static void
test_wait_errors(void **state)
{
	const double neg = -1, bad[] = { 3, 1 }, three[] = { 1, 2, 3 };

	(void)state;
	assert_make_error("wait_fixed", NULL, 0, "'wait_fixed' takes 1 "
	    "argument, not 0; write wait_fixed(seconds)");
	assert_make_error("wait_random", three, 3, "'wait_random' takes at "
	    "most 2 arguments, not 3; write wait_random(min, max)");
	assert_make_error("wait_fixed", &neg, 1, "argument 1 of 'wait_fixed' "
	    "must be a number from 0");
	assert_make_error("wait_random", bad, 2, "'wait_random': min 3 is "
	    "greater than max 1");
	assert_make_error("wait_forever", NULL, 0, "'wait_forever' is not a "
	    "wait function");
	assert_make_error("wait_chain", NULL, 0, "'wait_chain' is not a wait "
	    "function");
	assert_true(retry_wait_known("wait_chain"));
	assert_true(retry_wait_known("wait_random_exponential"));
	assert_false(retry_wait_known("wait_none"));
}

static void
test_rng_and_ms(void **state)
{
	struct retry_rng a, b;

	(void)state;
	retry_rng_seed(&a, 42);
	retry_rng_seed(&b, 42);
	for (int i = 0; i < 1000; i++) {
		double x = retry_rng_next(&a);

		assert_true(x >= 0 && x < 1);
		assert_true(x == retry_rng_next(&b));
	}
	retry_rng_seed(&b, 43);
	assert_false(retry_rng_next(&a) == retry_rng_next(&b));
	assert_int_equal(retry_seconds_to_ms(2), 2000);
	assert_int_equal(retry_seconds_to_ms(0.0011), 2);
	assert_int_equal(retry_seconds_to_ms(0), 0);
	assert_int_equal(retry_seconds_to_ms(-3), 0);
	assert_int_equal(retry_seconds_to_ms(NAN), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_stop),
		cmocka_unit_test(test_should_stop),
		cmocka_unit_test(test_wait_fixed_and_exponential),
		cmocka_unit_test(test_wait_random),
		cmocka_unit_test(test_wait_chain),
		cmocka_unit_test(test_wait_errors),
		cmocka_unit_test(test_rng_and_ms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
