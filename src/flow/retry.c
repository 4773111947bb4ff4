#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "flow/retry.h"
#include "util/xmalloc.h"

/* Set a policy to one attempt and no wait. */
void
retry_policy_init(struct retry_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->max_attempts = 1;
	p->wait.kind = RETRY_WAIT_NONE;
}

/* Free a wait's chain recursively. */
void
retry_wait_release(struct retry_wait *w)
{
	for (size_t i = 0; i < w->nchain; i++)
		retry_wait_release(&w->chain[i]);
	free(w->chain);
	memset(w, 0, sizeof(*w));
	w->kind = RETRY_WAIT_NONE;
}

/* Free what a policy owns and reset it. */
void
retry_policy_release(struct retry_policy *p)
{
	retry_wait_release(&p->wait);
	retry_policy_init(p);
}

/* Skip spaces and tabs. */
static const char *
skip_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Whether the n bytes at s are exactly word. */
static bool
word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncmp(s, word, n) == 0;
}

/* Parse one "N times" or "S seconds" clause ending at end. */
static int
parse_clause(const char *s, const char *end, unsigned *attempts,
    double *seconds, char **err)
{
	char *num_end;
	const char *unit;
	size_t ulen;
	double v;

	s = skip_blank(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (s == end) {
		*err = xstrdup("empty clause in stop_after; "
		    "write 'N times' or 'N seconds' joined by '|'");
		return -1;
	}
	if (!isdigit((unsigned char)*s)) {
		*err = xasprintf("stop_after clause '%.*s' does not start "
		    "with a number", (int)(end - s), s);
		return -1;
	}
	errno = 0;
	v = strtod(s, &num_end);
	if (errno != 0 || num_end > end || !isfinite(v)) {
		*err = xasprintf("bad number in stop_after clause '%.*s'",
		    (int)(end - s), s);
		return -1;
	}
	unit = skip_blank(num_end);
	ulen = (size_t)(end - unit);
	if (word_is(unit, ulen, "times") || word_is(unit, ulen, "time")) {
		if (v != floor(v) || v < 1 || v > 1e6) {
			*err = xasprintf("stop_after count '%.*s' must be a "
			    "whole number from 1", (int)(num_end - s), s);
			return -1;
		}
		*attempts = (unsigned)v;
		return 0;
	}
	if (word_is(unit, ulen, "seconds") || word_is(unit, ulen, "second")) {
		if (v <= 0 || v > RETRY_MAX_WAIT) {
			*err = xasprintf("stop_after delay '%.*s' must be "
			    "above 0 seconds", (int)(num_end - s), s);
			return -1;
		}
		*seconds = v;
		return 0;
	}
	*err = xasprintf("unknown unit '%.*s' in stop_after; "
	    "use 'times' or 'seconds'", (int)ulen, unit);
	return -1;
}

/* Parse "3 times | 30 seconds" into the policy's limits. */
int
retry_parse_stop(struct retry_policy *p, const char *text, char **err)
{
	unsigned attempts = 0;
	double seconds = 0;
	const char *s = text;

	for (;;) {
		const char *bar = strchr(s, '|');
		const char *end = bar != NULL ? bar : s + strlen(s);

		if (parse_clause(s, end, &attempts, &seconds, err) == -1)
			return -1;
		if (bar == NULL)
			break;
		s = bar + 1;
	}
	p->max_attempts = attempts;
	p->max_seconds = seconds;
	return 0;
}

/* The wait functions and their argument counts. */
static const struct {
	const char *name;
	enum retry_wait_kind kind;
	size_t min_args, max_args;
	const char *usage;
} wait_funcs[] = {
	{ "wait_fixed", RETRY_WAIT_FIXED, 1, 1, "wait_fixed(seconds)" },
	{ "wait_random", RETRY_WAIT_RANDOM, 0, 2, "wait_random(min, max)" },
	{ "wait_exponential", RETRY_WAIT_EXPONENTIAL, 0, 3,
	    "wait_exponential(multiplier, min, max)" },
	{ "wait_random_exponential", RETRY_WAIT_RANDOM_EXPONENTIAL, 0, 2,
	    "wait_random_exponential(multiplier, max)" },
	{ "wait_chain", RETRY_WAIT_CHAIN, 1, SIZE_MAX, "wait_chain(wait, ...)" },
};

/* Whether name is a wait function. */
bool
retry_wait_known(const char *name)
{
	for (size_t i = 0; i < sizeof(wait_funcs) / sizeof(wait_funcs[0]); i++)
		if (strcmp(name, wait_funcs[i].name) == 0)
			return true;
	return false;
}

/* Build a numeric wait from its call. */
int
retry_wait_make(struct retry_wait *w, const char *name, const double *args,
    size_t nargs, char **err)
{
	size_t i;

	for (i = 0; i < sizeof(wait_funcs) / sizeof(wait_funcs[0]); i++)
		if (strcmp(name, wait_funcs[i].name) == 0)
			break;
	if (i == sizeof(wait_funcs) / sizeof(wait_funcs[0]) ||
	    wait_funcs[i].kind == RETRY_WAIT_CHAIN) {
		*err = xasprintf("'%s' is not a wait function", name);
		return -1;
	}
	if (nargs < wait_funcs[i].min_args || nargs > wait_funcs[i].max_args) {
		*err = xasprintf("'%s' takes %s%zu argument%s, not %zu; "
		    "write %s", name,
		    wait_funcs[i].min_args == wait_funcs[i].max_args ? "" :
		    "at most ", wait_funcs[i].max_args,
		    wait_funcs[i].max_args == 1 ? "" : "s", nargs,
		    wait_funcs[i].usage);
		return -1;
	}
	for (size_t a = 0; a < nargs; a++) {
		if (!isfinite(args[a]) || args[a] < 0) {
			*err = xasprintf("argument %zu of '%s' must be a "
			    "number from 0", a + 1, name);
			return -1;
		}
	}
	memset(w, 0, sizeof(*w));
	w->kind = wait_funcs[i].kind;
	switch (w->kind) {
	case RETRY_WAIT_FIXED:
		w->fixed = args[0];
		break;
	case RETRY_WAIT_RANDOM:
		/* tenacity: wait_random(min=0, max=1). */
		w->min = nargs > 0 ? args[0] : 0;
		w->max = nargs > 1 ? args[1] : 1;
		break;
	case RETRY_WAIT_EXPONENTIAL:
		/* flow.md orders the arguments (multiplier, min, max). */
		w->multiplier = nargs > 0 ? args[0] : 1;
		w->min = nargs > 1 ? args[1] : 0;
		w->max = nargs > 2 ? args[2] : RETRY_MAX_WAIT;
		break;
	case RETRY_WAIT_RANDOM_EXPONENTIAL:
		w->multiplier = nargs > 0 ? args[0] : 1;
		w->max = nargs > 1 ? args[1] : RETRY_MAX_WAIT;
		break;
	default:
		fatal("retry_wait_make: kind %d", (int)w->kind);
	}
	if (w->min > w->max) {
		*err = xasprintf("'%s': min %g is greater than max %g", name,
		    w->min, w->max);
		memset(w, 0, sizeof(*w));
		return -1;
	}
	return 0;
}

/* Build a wait_chain, taking over the contents of the n waits. */
int
retry_wait_chain(struct retry_wait *w, struct retry_wait *waits, size_t n,
    char **err)
{
	if (n == 0) {
		*err = xstrdup("'wait_chain' needs at least one wait");
		return -1;
	}
	memset(w, 0, sizeof(*w));
	w->kind = RETRY_WAIT_CHAIN;
	w->chain = xreallocarray(NULL, n, sizeof(*w->chain));
	memcpy(w->chain, waits, n * sizeof(*w->chain));
	w->nchain = n;
	for (size_t i = 0; i < n; i++) {
		memset(&waits[i], 0, sizeof(waits[i]));
		waits[i].kind = RETRY_WAIT_NONE;
	}
	return 0;
}

/* Clamp x to [lo, hi]. */
static double
clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* multiplier * 2^(attempt-1), without overflow. */
static double
exp_backoff(double multiplier, unsigned attempt, double max)
{
	unsigned e = attempt > 0 ? attempt - 1 : 0;

	/* 2^1100 overflows a double; the clamp would win long before. */
	if (e > 1000)
		return max;
	return multiplier * ldexp(1.0, (int)e);
}

/* The built-in random source, seeded on first use. */
static struct retry_rng default_rng;

/* Seconds to wait after attempt number `attempt` failed. */
double
retry_wait_seconds(const struct retry_wait *w, unsigned attempt,
    retry_rand_cb rnd, void *rnd_arg)
{
	double v;

	if (rnd == NULL) {
		if (default_rng.s == 0)
			retry_rng_seed(&default_rng, 0);
		rnd = retry_rng_next;
		rnd_arg = &default_rng;
	}
	switch (w->kind) {
	case RETRY_WAIT_NONE:
		return 0;
	case RETRY_WAIT_FIXED:
		return clamp(w->fixed, 0, RETRY_MAX_WAIT);
	case RETRY_WAIT_RANDOM:
		v = w->min + rnd(rnd_arg) * (w->max - w->min);
		return clamp(v, 0, RETRY_MAX_WAIT);
	case RETRY_WAIT_EXPONENTIAL:
		v = exp_backoff(w->multiplier, attempt, w->max);
		return clamp(clamp(v, w->min, w->max), 0, RETRY_MAX_WAIT);
	case RETRY_WAIT_RANDOM_EXPONENTIAL:
		v = clamp(exp_backoff(w->multiplier, attempt, w->max), 0, w->max);
		return clamp(rnd(rnd_arg) * v, 0, RETRY_MAX_WAIT);
	case RETRY_WAIT_CHAIN: {
		/* Attempt i uses strategy i; the last one from then on. */
		size_t i = attempt < 1 ? 0 : attempt - 1;

		if (i >= w->nchain)
			i = w->nchain - 1;
		return retry_wait_seconds(&w->chain[i], attempt, rnd, rnd_arg);
	}
	}
	fatal("retry_wait_seconds: kind %d", (int)w->kind);
}

/* Whether the attempt that just failed was the last one. */
bool
retry_should_stop(const struct retry_policy *p, unsigned attempt,
    uint64_t elapsed_ms)
{
	if (p->max_attempts > 0 && attempt >= p->max_attempts)
		return true;
	if (p->max_seconds > 0 &&
	    (double)elapsed_ms >= p->max_seconds * 1000.0)
		return true;
	return false;
}

/* Seconds to milliseconds, rounded up so a timer never fires early. */
uint64_t
retry_seconds_to_ms(double seconds)
{
	if (!(seconds > 0))
		return 0;
	if (seconds > RETRY_MAX_WAIT)
		seconds = RETRY_MAX_WAIT;
	return (uint64_t)ceil(seconds * 1000.0);
}

/* Seed the generator; a zero seed reads the system's entropy. */
void
retry_rng_seed(struct retry_rng *r, uint64_t seed)
{
	if (seed == 0 &&
	    getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed))
		seed = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)r;
	/* One splitmix64 step spreads a small seed over every bit. */
	seed += 0x9e3779b97f4a7c15ULL;
	seed = (seed ^ (seed >> 30)) * 0xbf58476d1ce4e5b9ULL;
	seed = (seed ^ (seed >> 27)) * 0x94d049bb133111ebULL;
	seed ^= seed >> 31;
	r->s = seed != 0 ? seed : 1;
}

/* Next number in [0, 1) from a xorshift64* generator. */
double
retry_rng_next(void *rng)
{
	struct retry_rng *r = rng;
	uint64_t x = r->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	/* The top 53 bits of the product make a double in [0, 1). */
	return (double)((x * 0x2545f4914f6cdd1dULL) >> 11) * 0x1.0p-53;
}
