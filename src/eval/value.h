/*
 * HCL values: immutable once built, allocated from an arena that outlives
 * them (one per run).  Pointers to values are always const.
 *
 * Kinds follow HCL/cty collapsed to what flows need: null, bool, number,
 * string, list (HCL's tuple and list), object (HCL's object and map), and
 * unknown: the value of an expression that failed (so one root cause gives
 * one diagnostic) or that a dry run cannot know yet (a later task's output,
 * shown as its reference text).
 */
#ifndef RF_EVAL_VALUE_H
#define RF_EVAL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

enum val_kind {
	VAL_UNKNOWN,
	VAL_NULL,
	VAL_BOOL,
	VAL_NUMBER,
	VAL_STRING,
	VAL_LIST,
	VAL_OBJECT,
};

struct value;

struct val_member {
	const char *key;	/* NUL-terminated; may not hold NUL */
	size_t keylen;
	const struct value *val;
};

struct value {
	enum val_kind kind;
	union {
		bool b;
		struct {
			bool is_int;	/* exact int64 in i, else double in d */
			int64_t i;
			double d;
			const char *text; /* literal's exact text, or NULL */
		} num;
		struct {
			const char *s;	/* NUL-terminated; may hold NUL bytes */
			size_t len;
		} str;
		struct {
			const struct value *const *items;
			size_t n;
		} list;
		struct {
			const struct val_member *members; /* sorted by key, unique */
			size_t n;
		} obj;
		struct {
			const char *ref; /* e.g. "task.docker_run.build.stdout", or NULL */
		} unknown;
	} u;
};

/* Singletons, no arena needed. */
const struct value *val_null(void);
const struct value *val_bool(bool b);
/* An unknown value from a failed expression (no reference). */
const struct value *val_unknown(void);

const struct value *val_unknown_ref(struct arena *a, const char *ref);
const struct value *val_int(struct arena *a, int64_t i);
const struct value *val_double(struct arena *a, double d);
/*
 * Parse an HCL number literal (decimal digits, optional fraction and
 * exponent), with an optional leading '-' or '+' so that strings such as
 * "-1.5" convert too.  Integers without fraction or exponent that fit
 * int64 stay exact; others become doubles.  The text is kept (see
 * val_number_format).  Returns NULL when text is not a number or its
 * magnitude overflows a double.
 */
const struct value *val_number_parse(struct arena *a, const char *text,
    size_t len);
/* A string holding a copy of len bytes at s. */
const struct value *val_string(struct arena *a, const char *s, size_t len);
const struct value *val_cstring(struct arena *a, const char *s);
/* A list of n items (the pointer array is copied). */
const struct value *val_list(struct arena *a, const struct value *const *items,
    size_t n);
/*
 * An object from n members in any order (the array is copied and sorted;
 * keys must already be arena-owned or outlive the value).  Returns NULL
 * when two members share a key; *dup then names the first duplicate index.
 */
const struct value *val_object(struct arena *a, const struct val_member *members,
    size_t n, size_t *dup);

/* Member value by key, or NULL. */
const struct value *val_object_get(const struct value *obj, const char *key,
    size_t keylen);
const struct value *val_object_cget(const struct value *obj, const char *key);

/* "null", "bool", "number", "string", "list", "object", "unknown". */
const char *val_kind_name(enum val_kind kind);
/* Whether v is unknown or holds an unknown anywhere inside. */
bool val_is_unknown(const struct value *v);
/* HCL's type-strict equality (1 == "1" is false; lists and objects deep). */
bool val_equal(const struct value *a, const struct value *b);
/* A number as double. */
double val_number_double(const struct value *v);
/*
 * The number v as an exact int64: true when it is integral and in range
 * (2.0 gives 2), false otherwise (2.5, 1e300, NaN).
 */
bool val_number_int64(const struct value *v, int64_t *out);
/* Compare two numbers: < 0, 0 or > 0 (exact for int64s; NaN sorts last). */
int val_number_compare(const struct value *a, const struct value *b);

/*
 * HCL's conversions, used where a function or argument needs a type:
 * number → its decimal text, bool → "true"/"false"; a string → number when
 * it parses as one; "true"/"false" → bool.  Each returns NULL when the
 * value cannot be converted (null converts to nothing).
 */
const struct value *val_to_string(struct arena *a, const struct value *v);
const struct value *val_to_number(struct arena *a, const struct value *v);
const struct value *val_to_bool(const struct value *v);
/*
 * Format a number the way HCL prints it: int64s exactly; doubles as the
 * shortest decimal that reads back to the same double, in positional
 * notation (1e16 → "10000000000000000", 1e-7 → "0.0000001"), except
 * that whole doubles in int64 range print exactly, so the text reads back
 * as the same value; -0 as "0".
 * A literal's kept text is printed instead when it is already in that
 * canonical form (no exponent, leading or trailing zeros), so a literal
 * with more digits than a double holds prints unchanged.  Infinities and
 * NaN print as "inf", "-inf", "nan".  Returns 0, or -1 past the cap.
 */
int val_number_format(struct buf *b, const struct value *v);

struct val_json_opts {
	int indent;		/* < 0: compact; else spaces per level */
	bool sort_keys;		/* objects are always in key order here */
	const char *item_sep;	/* NULL: "," (compact) or "," + newline */
	const char *key_sep;	/* NULL: ":" (compact) or ": " */
	bool unknown_as_ref;	/* unknown → "${ref}" instead of failing */
	bool ascii;		/* escape non-ASCII as \uXXXX (Python's
				   ensure_ascii) */
};

/*
 * Append v as JSON; opts may be NULL (compact).  With indent >= 0, items
 * go one per line after item_sep, as Python's json.dumps does, and empty
 * lists and objects stay "[]" and "{}".  Numbers print as
 * val_number_format prints them, except doubles past int64, which use
 * scientific notation ("1e+300") so that JSON readers see a real.
 * Returns 0, or -1 with errno
 * EINVAL when v holds an unknown value (and unknown_as_ref is off; an
 * unknown without a reference then prints "${unknown}"), EDOM for an
 * infinity or NaN, EFBIG when the buffer's cap is reached.  On error the
 * buffer holds a partial text.
 */
int val_to_json(struct buf *b, const struct value *v,
    const struct val_json_opts *opts);
/*
 * Build a value from JSON text (jansson underneath): any JSON value at the
 * top; integers that fit int64 stay exact, others and reals are doubles
 * (jansson cannot read an integer past int64: a document holding one is
 * read with every integer as a double); a repeated object key keeps its
 * last value.  On error returns NULL and
 * sets *err to a message in the arena, with *line and *column (from 1) of the
 * fault.
 */
const struct value *val_from_json(struct arena *a, const char *text,
    size_t len, const char **err, int *line, int *column);

#endif
