/*
 * Retry policies of `_retry = { stop_after = "...", wait = wait_X(...) }`
 * (flow.md section 4), with the semantics of Python's tenacity, which
 * runflow used:
 *
 *   stop_after "N times"     stop once N attempts were made (the first
 *                            attempt counts: "3 times" is 1 run, 2 reruns)
 *   stop_after "S seconds"   stop once S seconds passed since the first
 *                            attempt started, checked when an attempt fails
 *   "A | B"                  stop when either says so
 *
 *   wait_fixed(s)                        s
 *   wait_random(min, max)                uniform in [min, max)
 *   wait_exponential(mult, min, max)     mult * 2^(n-1) clamped to [min, max]
 *   wait_random_exponential(mult, max)   uniform in [0, mult * 2^(n-1) ≤ max)
 *   wait_chain(w1, w2, ...)              wi after failed attempt i; the last
 *                                        one for every later attempt
 *
 * where n is the number of the attempt that just failed, from 1.
 *
 * Nothing here sleeps or reads a clock: the scheduler asks how long to wait
 * and arms a loop timer.  Randomness comes through a callback so tests can
 * pin it.
 */
#ifndef RF_FLOW_RETRY_H
#define RF_FLOW_RETRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum retry_wait_kind {
	RETRY_WAIT_NONE,	/* no wait: retry at once */
	RETRY_WAIT_FIXED,
	RETRY_WAIT_RANDOM,
	RETRY_WAIT_EXPONENTIAL,
	RETRY_WAIT_RANDOM_EXPONENTIAL,
	RETRY_WAIT_CHAIN,
};

struct retry_wait {
	enum retry_wait_kind kind;
	double fixed;		/* FIXED: seconds */
	double multiplier;	/* EXPONENTIAL, RANDOM_EXPONENTIAL */
	double min;		/* RANDOM, EXPONENTIAL: lower bound */
	double max;		/* RANDOM, EXPONENTIAL, RANDOM_EXPONENTIAL */
	struct retry_wait *chain; /* CHAIN: owned array of nchain waits */
	size_t nchain;
};

struct retry_policy {
	unsigned max_attempts;	/* 0: no limit by count */
	double max_seconds;	/* 0: no limit by time */
	struct retry_wait wait;	/* owned */
};

/* Default when `_retry` has no stop_after: three attempts in all. */
#define RETRY_DEFAULT_ATTEMPTS 3

/* Largest wait in seconds; longer ones are clamped (about 11.5 days). */
#define RETRY_MAX_WAIT 1.0e6

/* A uniform random number in [0, 1). */
typedef double (*retry_rand_cb)(void *arg);

/* A policy of one attempt and no wait: what a task without _retry gets. */
void retry_policy_init(struct retry_policy *p);
/* Free the wait's chain; the policy is back to one attempt, no wait. */
void retry_policy_release(struct retry_policy *p);
void retry_wait_release(struct retry_wait *w);

/*
 * Parse a stop_after text ("3 times", "30 seconds", "3 times | 30 seconds";
 * singular "time" and "second" too; seconds may have a fraction) into p.
 * Returns 0, or -1 with *err set to a malloc'd message (the caller frees
 * it) and p unchanged.
 */
int retry_parse_stop(struct retry_policy *p, const char *text, char **err);

/*
 * Make the wait of a call `name(args...)` with numeric arguments: one of
 * wait_fixed, wait_random, wait_exponential, wait_random_exponential
 * (wait_chain is built with retry_wait_chain).  Omitted trailing arguments
 * take tenacity's defaults.  Returns 0, or -1 with *err set to a malloc'd
 * message (unknown name, wrong count, negative or non-finite number, min
 * greater than max).
 */
int retry_wait_make(struct retry_wait *w, const char *name,
    const double *args, size_t nargs, char **err);
/*
 * Make a chain from n waits, taking ownership of their contents (the
 * array itself stays the caller's).  Returns -1 with *err when n is 0.
 */
int retry_wait_chain(struct retry_wait *w, struct retry_wait *waits, size_t n,
    char **err);

/* Whether a wait function name is one retry_wait_make or chain knows. */
bool retry_wait_known(const char *name);

/*
 * Seconds to wait after attempt number `attempt` (from 1) failed.  rnd may
 * be NULL for the built-in generator.
 */
double retry_wait_seconds(const struct retry_wait *w, unsigned attempt,
    retry_rand_cb rnd, void *rnd_arg);

/*
 * Whether to give up after attempt number `attempt` failed, elapsed_ms
 * after the first attempt started.
 */
bool retry_should_stop(const struct retry_policy *p, unsigned attempt,
    uint64_t elapsed_ms);

/* Seconds as whole milliseconds for a timer, rounded up, clamped. */
uint64_t retry_seconds_to_ms(double seconds);

/* The built-in generator (a seeded xorshift), for retry_wait_seconds. */
struct retry_rng {
	uint64_t s;
};
/* Seed from the given value; 0 seeds from the system's entropy. */
void retry_rng_seed(struct retry_rng *r, uint64_t seed);
/* A retry_rand_cb over a struct retry_rng. */
double retry_rng_next(void *rng);

#endif
