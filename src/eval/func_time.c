#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "eval/func_lib.h"

/*
 * runflow's datetime() and todatetime() return Python datetime objects,
 * which flows turn into text by interpolation, that is str(datetime):
 * "YYYY-MM-DD HH:MM:SS", then ".ffffff" when there are microseconds, then
 * the UTC offset "+HH:MM" when the time has a zone.  The value model has
 * no date type, so both functions return that text.
 */

/* A broken-down date and time; offset in minutes when has_zone. */
struct dt {
	int64_t year, month, day, hour, minute, second, usec;
	bool has_zone;
	int offset;
};

/* Days in month m (1-12) of year y in the proleptic Gregorian calendar. */
static int
days_in_month(int64_t y, int64_t m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* The text of t, as Python's str(datetime). */
static const struct value *
dt_value(struct func_call *call, const struct dt *t)
{
	char out[64];
	int n;

	n = snprintf(out, sizeof(out), "%04" PRId64 "-%02" PRId64 "-%02" PRId64
	    " %02" PRId64 ":%02" PRId64 ":%02" PRId64, t->year, t->month,
	    t->day, t->hour, t->minute, t->second);
	if (t->usec != 0)
		n += snprintf(out + n, sizeof(out) - (size_t)n, ".%06" PRId64,
		    t->usec);
	if (t->has_zone)
		snprintf(out + n, sizeof(out) - (size_t)n, "%c%02d:%02d",
		    t->offset < 0 ? '-' : '+', (t->offset < 0 ? -t->offset :
		    t->offset) / 60, (t->offset < 0 ? -t->offset :
		    t->offset) % 60);
	return val_cstring(call->arena, out);
}

/* Check one field against [lo, hi]; reports on argument argi. */
static bool
dt_check(struct func_call *call, int argi, int64_t v, int64_t lo, int64_t hi)
{
	if (v >= lo && v <= hi)
		return true;
	func_error(call, argi, "must be from %" PRId64 " to %" PRId64 ", got %"
	    PRId64, lo, hi, v);
	return false;
}

/*
 * datetime(year, month, day[, hour, minute, second, microsecond]): a
 * naive date and time, checked as Python's datetime() checks it.
 */
static const struct value *
fn_datetime(struct func_call *call)
{
	struct dt t = { 0, 0, 0, 0, 0, 0, 0, false, 0 };
	int64_t *f[] = { &t.year, &t.month, &t.day, &t.hour, &t.minute,
		&t.second, &t.usec };
	static const int64_t hi[] = { 9999, 12, 31, 23, 59, 59, 999999 };
	static const int64_t lo[] = { 1, 1, 1, 0, 0, 0, 0 };

	for (size_t i = 0; i < call->nargs; i++) {
		if (!func_arg_int(call, i, f[i]))
			return NULL;
		if (i == 2)
			continue;	/* the day is checked below */
		if (!dt_check(call, (int)i, *f[i], lo[i], hi[i]))
			return NULL;
	}
	if (!dt_check(call, 2, t.day, 1, days_in_month(t.year, t.month)))
		return NULL;
	return dt_value(call, &t);
}

/* Read exactly n digits at *p into *out; false when they are not there. */
static bool
dt_digits(const char **p, const char *end, int n, int64_t *out)
{
	int64_t v = 0;

	if (end - *p < n)
		return false;
	for (int i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

/* Read an optional separator c at *p; true when it was there. */
static bool
dt_sep(const char **p, const char *end, char c)
{
	if (*p < end && **p == c) {
		(*p)++;
		return true;
	}
	return false;
}

/*
 * Parse the ISO 8601 forms runflow flows use (dateutil reads more):
 * DATE [("T" | " ") TIME] [ZONE], DATE = YYYY-MM-DD | YYYYMMDD,
 * TIME = HH[:MM[:SS[.F...]]] or HHMM[SS], ZONE = "Z" | ±HH[[:]MM].
 * Fractions past microseconds are cut, as dateutil does.
 */
static bool
dt_parse(const char *p, const char *end, struct dt *t)
{
	int64_t zh, zm = 0;
	bool ext;
	char sign;
	int k;

	memset(t, 0, sizeof(*t));
	if (!dt_digits(&p, end, 4, &t->year))
		return false;
	ext = dt_sep(&p, end, '-');
	if (!dt_digits(&p, end, 2, &t->month) || (ext && !dt_sep(&p, end,
	    '-')) || !dt_digits(&p, end, 2, &t->day))
		return false;
	if (p < end && (*p == 'T' || *p == 't' || *p == ' ')) {
		p++;
		if (!dt_digits(&p, end, 2, &t->hour))
			return false;
		ext = dt_sep(&p, end, ':');
		if (ext || (p < end && *p >= '0' && *p <= '9')) {
			if (!dt_digits(&p, end, 2, &t->minute))
				return false;
			if ((ext ? dt_sep(&p, end, ':') : (p < end &&
			    *p >= '0' && *p <= '9')) &&
			    !dt_digits(&p, end, 2, &t->second))
				return false;
			if (dt_sep(&p, end, '.') || dt_sep(&p, end, ',')) {
				if (p >= end || *p < '0' || *p > '9')
					return false;
				for (k = 0; p < end && *p >= '0' && *p <= '9';
				    p++, k++)
					if (k < 6)
						t->usec = t->usec * 10 +
						    (*p - '0');
				for (; k < 6; k++)
					t->usec *= 10;
			}
		}
	}
	if (p < end && (*p == 'Z' || *p == 'z')) {
		p++;
		t->has_zone = true;
	} else if (p < end && (*p == '+' || *p == '-')) {
		sign = *p++;
		if (!dt_digits(&p, end, 2, &zh))
			return false;
		if (dt_sep(&p, end, ':') || p < end) {
			if (!dt_digits(&p, end, 2, &zm))
				return false;
		}
		if (zh > 23 || zm > 59)
			return false;
		t->has_zone = true;
		t->offset = (int)(zh * 60 + zm) * (sign == '-' ? -1 : 1);
	}
	if (p != end)
		return false;
	return t->year >= 1 && t->month >= 1 && t->month <= 12 &&
	    t->day >= 1 && t->day <= days_in_month(t->year, t->month) &&
	    t->hour <= 23 && t->minute <= 59 && t->second <= 59;
}

/* todatetime(str): an ISO 8601 date and time, normalised (see dt_parse). */
static const struct value *
fn_todatetime(struct func_call *call)
{
	const struct value *s = func_arg_string(call, 0);
	const char *p, *end;
	struct dt t;

	if (s == NULL)
		return NULL;
	p = s->u.str.s;
	end = p + s->u.str.len;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (!dt_parse(p, end, &t))
		return func_error(call, 0, "'%s' is not an ISO 8601 date and "
		    "time such as 2020-01-01T00:00:00Z", s->u.str.s);
	return dt_value(call, &t);
}

static const char *const p_datetime[] = { "year", "month", "day", "hour",
	"minute", "second", "microsecond", NULL };
static const char *const p_str[] = { "str", NULL };

const struct func_def func_time_defs[] = {
	{ "datetime", 3, 7, NULL, fn_datetime, p_datetime },
	{ "todatetime", 1, 1, NULL, fn_todatetime, p_str },
};
const size_t func_time_ndefs = sizeof(func_time_defs) /
    sizeof(func_time_defs[0]);
