#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <utf8proc.h>

#include "eval/func_lib.h"
#include "util/jsonw.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* A string value from a buffer's contents. */
static const struct value *
str_from_buf(struct func_call *call, struct buf *b)
{
	const struct value *v = val_string(call->arena, b->data != NULL ?
	    b->data : "", b->len);

	buf_release(b);
	return v;
}

/* Map every character of argument 0 through fn (lower or upper). */
static const struct value *
str_map_case(struct func_call *call, utf8proc_int32_t (*fn)(utf8proc_int32_t))
{
	const struct value *s = func_arg_string(call, 0);
	struct buf b = BUF_INIT;
	uint32_t cp;
	size_t i = 0, len, n;
	char out[4];

	if (s == NULL)
		return NULL;
	while (i < s->u.str.len) {
		len = utf8_decode(s->u.str.s + i, s->u.str.len - i, &cp);
		if (len == 0) {
			(void)buf_putc(&b, s->u.str.s[i++]);
			continue;
		}
		if (cp == 0xdf && fn == utf8proc_toupper) {
			/* Python's upper: the full mapping of sharp s. */
			(void)buf_puts(&b, "SS");
			i += len;
			continue;
		}
		n = utf8_encode((uint32_t)fn((utf8proc_int32_t)cp), out);
		(void)buf_append(&b, out, n);
		i += len;
	}
	return str_from_buf(call, &b);
}

/* lower(str): the string in lower case. */
static const struct value *
fn_lower(struct func_call *call)
{
	return str_map_case(call, utf8proc_tolower);
}

/* upper(str): the string in upper case. */
static const struct value *
fn_upper(struct func_call *call)
{
	return str_map_case(call, utf8proc_toupper);
}

/* split(sep, str): the pieces of str between occurrences of sep. */
static const struct value *
fn_split(struct func_call *call)
{
	const struct value *sep = func_arg_string(call, 0);
	const struct value *s = func_arg_string(call, 1);
	const struct value **items;
	const char *p, *end, *hit;
	size_t n = 0, cap, len;

	if (sep == NULL || s == NULL)
		return NULL;
	p = s->u.str.s;
	end = p + s->u.str.len;
	cap = s->u.str.len + 1;
	items = arena_calloc(call->arena, cap, sizeof(*items));
	if (sep->u.str.len == 0) {
		/* An empty separator splits between characters (HCL). */
		while (p < end) {
			len = func_char_len(p, (size_t)(end - p));
			items[n++] = val_string(call->arena, p, len);
			p += len;
		}
		return val_list(call->arena, items, n);
	}
	for (;;) {
		hit = memmem(p, (size_t)(end - p), sep->u.str.s, sep->u.str.len);
		if (hit == NULL)
			break;
		items[n++] = val_string(call->arena, p, (size_t)(hit - p));
		p = hit + sep->u.str.len;
	}
	items[n++] = val_string(call->arena, p, (size_t)(end - p));
	return val_list(call->arena, items, n);
}

/* join(sep, list...): the items of the lists as strings, sep between. */
static const struct value *
fn_join(struct func_call *call)
{
	const struct value *sep = func_arg_string(call, 0), *l, *item;
	struct buf b = BUF_INIT;
	bool first = true;

	if (sep == NULL)
		return NULL;
	for (size_t a = 1; a < call->nargs; a++) {
		if ((l = func_arg_kind(call, a, VAL_LIST)) == NULL) {
			buf_release(&b);
			return NULL;
		}
		for (size_t i = 0; i < l->u.list.n; i++) {
			item = val_to_string(call->arena, l->u.list.items[i]);
			if (item == NULL) {
				buf_release(&b);
				return func_error(call, (int)a, "item %zu must be "
				    "a string, got %s", i,
				    func_kind(l->u.list.items[i]));
			}
			if (!first)
				(void)buf_append(&b, sep->u.str.s,
				    sep->u.str.len);
			(void)buf_append(&b, item->u.str.s, item->u.str.len);
			first = false;
		}
	}
	return str_from_buf(call, &b);
}

/* One parsed format directive: %[flags][width][.precision]verb. */
struct fmt_spec {
	bool minus, plus, space, zero, sharp;
	int width;		/* -1: none */
	int prec;		/* -1: none */
	char verb;
};

/* Append s padded to the spec's width in characters. */
static void
fmt_pad(struct buf *b, const struct fmt_spec *f, const char *s, size_t n,
    bool numeric)
{
	size_t chars = func_char_count(s, n), pad, i;

	pad = f->width > 0 && (size_t)f->width > chars ?
	    (size_t)f->width - chars : 0;
	if (f->minus) {
		(void)buf_append(b, s, n);
		for (i = 0; i < pad; i++)
			(void)buf_putc(b, ' ');
		return;
	}
	if (f->zero && numeric) {
		/* Zeros go after the sign. */
		if (n > 0 && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) {
			(void)buf_putc(b, s[0]);
			s++;
			n--;
		}
		for (i = 0; i < pad; i++)
			(void)buf_putc(b, '0');
	} else {
		for (i = 0; i < pad; i++)
			(void)buf_putc(b, ' ');
	}
	(void)buf_append(b, s, n);
}

/* The first prec characters of s (all when prec < 0): their length. */
static size_t
fmt_truncate(const char *s, size_t n, int prec)
{
	size_t i = 0;

	if (prec < 0)
		return n;
	for (int k = 0; k < prec && i < n; k++)
		i += func_char_len(s + i, n - i);
	return i;
}

/* Format one argument for f into out; false after an error. */
static bool
fmt_one(struct func_call *call, const struct fmt_spec *f, size_t argi,
    struct buf *out)
{
	const struct value *v = call->args[argi], *c;
	struct buf t = BUF_INIT;
	char tmp[512], cfmt[16];
	int64_t i;
	double d;
	bool numeric = false;

	switch (f->verb) {
	case 'v':
		if (v->kind == VAL_NULL)
			(void)buf_puts(&t, "null");
		else if (v->kind == VAL_LIST || v->kind == VAL_OBJECT)
			(void)val_to_json(&t, v, NULL);
		else {
			c = val_to_string(call->arena, v);
			(void)buf_append(&t, c->u.str.s, c->u.str.len);
			numeric = v->kind == VAL_NUMBER;
		}
		t.len = fmt_truncate(t.data, t.len, f->prec);
		break;
	case 's':
		if ((c = val_to_string(call->arena, v)) == NULL) {
			func_error(call, (int)argi, "%%s requires a string, "
			    "got %s", func_kind(v));
			return false;
		}
		(void)buf_append(&t, c->u.str.s,
		    fmt_truncate(c->u.str.s, c->u.str.len, f->prec));
		break;
	case 'q':
		if ((c = val_to_string(call->arena, v)) == NULL) {
			func_error(call, (int)argi, "%%q requires a string, "
			    "got %s", func_kind(v));
			return false;
		}
		(void)jsonw_string(&t, c->u.str.s,
		    fmt_truncate(c->u.str.s, c->u.str.len, f->prec));
		break;
	case 't':
		if ((c = val_to_bool(v)) == NULL) {
			func_error(call, (int)argi, "%%t requires a bool, got %s",
			    func_kind(v));
			return false;
		}
		(void)buf_puts(&t, c->u.b ? "true" : "false");
		break;
	case 'd':
	case 'x':
	case 'X':
	case 'o':
		if ((c = val_to_number(call->arena, v)) == NULL) {
			func_error(call, (int)argi, "%%%c requires a number, "
			    "got %s", f->verb, func_kind(v));
			return false;
		}
		if (!val_number_int64(c, &i)) {
			(void)val_number_format(&t, c);
			func_error(call, (int)argi, "%%%c requires a whole "
			    "number, got %s", f->verb, buf_str(&t));
			buf_release(&t);
			return false;
		}
		numeric = true;
		if (f->verb == 'd') {
			if (i >= 0 && (f->plus || f->space))
				(void)buf_putc(&t, f->plus ? '+' : ' ');
			(void)buf_printf(&t, "%" PRId64, i);
		} else {
			uint64_t m = i < 0 ? (uint64_t)0 - (uint64_t)i :
			    (uint64_t)i;

			if (i < 0)
				(void)buf_putc(&t, '-');
			else if (f->plus || f->space)
				(void)buf_putc(&t, f->plus ? '+' : ' ');
			if (f->sharp)
				(void)buf_puts(&t, f->verb == 'o' ? "0" :
				    f->verb == 'x' ? "0x" : "0X");
			if (f->verb == 'x')
				(void)buf_printf(&t, "%" PRIx64, m);
			else if (f->verb == 'X')
				(void)buf_printf(&t, "%" PRIX64, m);
			else
				(void)buf_printf(&t, "%" PRIo64, m);
		}
		break;
	case 'f':
	case 'e':
	case 'E':
	case 'g':
	case 'G':
		if ((c = val_to_number(call->arena, v)) == NULL) {
			func_error(call, (int)argi, "%%%c requires a number, "
			    "got %s", f->verb, func_kind(v));
			return false;
		}
		numeric = true;
		d = val_number_double(c);
		snprintf(cfmt, sizeof(cfmt), "%%%s%s%s.*%c", f->plus ? "+" : "",
		    f->space ? " " : "", f->sharp ? "#" : "", f->verb);
		/*
		 * Precision is capped so the text fits tmp (%f of 1e308).
		 * cfmt is built above from a fixed set of flags and verbs.
		 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		snprintf(tmp, sizeof(tmp), cfmt,
		    f->prec < 0 ? 6 : f->prec > 100 ? 100 : f->prec, d);
#pragma GCC diagnostic pop
		(void)buf_puts(&t, tmp);
		break;
	default:
		fatal("fmt_one: bad verb");
	}
	fmt_pad(out, f, t.data != NULL ? t.data : "", t.len, numeric);
	buf_release(&t);
	return true;
}

/* Read a decimal count at *p (width or precision), capped at 1000. */
static int
fmt_count(const char **p, const char *end)
{
	int n = 0;

	while (*p < end && **p >= '0' && **p <= '9') {
		if (n < 1000)
			n = n * 10 + (**p - '0');
		(*p)++;
	}
	return n > 1000 ? 1000 : n;
}

/* format(spec, args...): printf-style formatting as in HCL/Terraform. */
static const struct value *
fn_format(struct func_call *call)
{
	const struct value *spec = func_arg_string(call, 0);
	struct buf b = BUF_INIT;
	struct fmt_spec f;
	const char *p, *end, *start;
	size_t next = 1;

	if (spec == NULL)
		return NULL;
	p = spec->u.str.s;
	end = p + spec->u.str.len;
	while (p < end) {
		if (*p != '%') {
			(void)buf_putc(&b, *p++);
			continue;
		}
		start = p++;
		if (p < end && *p == '%') {
			(void)buf_putc(&b, '%');
			p++;
			continue;
		}
		memset(&f, 0, sizeof(f));
		f.width = f.prec = -1;
		for (; p < end && strchr("-+ #0", *p) != NULL; p++) {
			f.minus |= *p == '-';
			f.plus |= *p == '+';
			f.space |= *p == ' ';
			f.sharp |= *p == '#';
			f.zero |= *p == '0';
		}
		if (p < end && *p >= '0' && *p <= '9')
			f.width = fmt_count(&p, end);
		if (p < end && *p == '.') {
			p++;
			f.prec = fmt_count(&p, end);
		}
		if (p >= end) {
			buf_release(&b);
			return func_error(call, 0, "unfinished directive "
			    "'%.*s' at the end", (int)(end - start), start);
		}
		f.verb = *p++;
		if (strchr("vsqtdxXofeEgG", f.verb) == NULL) {
			buf_release(&b);
			return func_error(call, 0, "unsupported verb '%%%.*s'",
			    (int)func_char_len(p - 1, (size_t)(end - p + 1)),
			    p - 1);
		}
		if (next >= call->nargs) {
			buf_release(&b);
			return func_error(call, 0, "not enough arguments: "
			    "directive '%.*s' has no value",
			    (int)(p - start), start);
		}
		if (!fmt_one(call, &f, next++, &b)) {
			buf_release(&b);
			return NULL;
		}
	}
	if (next < call->nargs) {
		buf_release(&b);
		return func_error(call, (int)next, "too many arguments: the "
		    "format uses %zu", next - 1);
	}
	return str_from_buf(call, &b);
}

/*
 * Compile pattern (argument argi) with PCRE2 in UTF mode; reports and
 * returns NULL when it is not a valid expression.  The caller frees the
 * code with pcre2_code_free.
 */
static pcre2_code *
re_compile(struct func_call *call, int argi, const char *pat, size_t len)
{
	pcre2_code *re;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int err;

	re = pcre2_compile((PCRE2_SPTR)pat, len, PCRE2_UTF |
	    PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		func_error(call, argi, "invalid regular expression at offset "
		    "%zu: %s", (size_t)off, (const char *)msg);
	}
	return re;
}

/* A captured group as a string, or null when it took no part. */
static const struct value *
re_group(struct func_call *call, const char *subject, PCRE2_SIZE *ov,
    uint32_t g)
{
	if (ov[2 * g] == PCRE2_UNSET)
		return val_null();
	return val_string(call->arena, subject + ov[2 * g],
	    ov[2 * g + 1] - ov[2 * g]);
}

/*
 * The value of one match, as Terraform gives it: the matched text when
 * the pattern has no groups, a list of the groups when they are unnamed,
 * an object when they are named.
 */
static const struct value *
re_match_value(struct func_call *call, const pcre2_code *re,
    const char *subject, PCRE2_SIZE *ov)
{
	uint32_t ngroups, nnames, entry, g;
	PCRE2_SPTR table;
	const struct value **items;
	struct val_member *m;

	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &ngroups);
	pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &nnames);
	if (ngroups == 0)
		return re_group(call, subject, ov, 0);
	if (nnames == 0) {
		items = arena_calloc(call->arena, ngroups, sizeof(*items));
		for (g = 1; g <= ngroups; g++)
			items[g - 1] = re_group(call, subject, ov, g);
		return val_list(call->arena, items, ngroups);
	}
	pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &entry);
	pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
	m = arena_calloc(call->arena, nnames, sizeof(*m));
	for (g = 0; g < nnames; g++) {
		const unsigned char *e = table + (size_t)g * entry;
		uint32_t num = ((uint32_t)e[0] << 8) | e[1];

		/* The name table goes with the code: copy the name. */
		m[g].keylen = strlen((const char *)e + 2);
		m[g].key = arena_strndup(call->arena, (const char *)e + 2,
		    m[g].keylen);
		m[g].val = re_group(call, subject, ov, num);
	}
	return val_object(call->arena, m, nnames, NULL);
}

/* Reject patterns that mix named and unnamed groups, as Terraform does. */
static bool
re_check_groups(struct func_call *call, const pcre2_code *re)
{
	uint32_t ngroups, nnames;

	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &ngroups);
	pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &nnames);
	if (nnames > 0 && nnames != ngroups) {
		func_error(call, 0, "named and unnamed groups cannot be mixed");
		return false;
	}
	return true;
}

/*
 * Run re over subject from *start; returns the ovector of a match and
 * moves *start past it (one character past an empty match), or NULL when
 * there is no further match.
 */
static PCRE2_SIZE *
re_next(const pcre2_code *re, pcre2_match_data *md, const char *s,
    size_t len, size_t *start)
{
	PCRE2_SIZE *ov;
	int rc;

	if (*start > len)
		return NULL;
	rc = pcre2_match(re, (PCRE2_SPTR)s, len, *start, 0, md, NULL);
	if (rc < 0)
		return NULL;
	ov = pcre2_get_ovector_pointer(md);
	if (ov[1] > ov[0])
		*start = ov[1];
	else
		*start = ov[1] + (ov[1] < len ? func_char_len(s + ov[1],
		    len - ov[1]) : 1);
	return ov;
}

/* regex(pattern, str): the first match (see re_match_value). */
static const struct value *
fn_regex(struct func_call *call)
{
	const struct value *pat = func_arg_string(call, 0);
	const struct value *s = func_arg_string(call, 1), *r = NULL;
	pcre2_code *re;
	pcre2_match_data *md;
	PCRE2_SIZE *ov;
	size_t start = 0;

	if (pat == NULL || s == NULL)
		return NULL;
	if ((re = re_compile(call, 0, pat->u.str.s, pat->u.str.len)) == NULL)
		return NULL;
	if (re_check_groups(call, re)) {
		md = pcre2_match_data_create_from_pattern(re, NULL);
		ov = re_next(re, md, s->u.str.s, s->u.str.len, &start);
		if (ov != NULL)
			r = re_match_value(call, re, s->u.str.s, ov);
		else
			func_error(call, 1, "the pattern does not match");
		pcre2_match_data_free(md);
	}
	pcre2_code_free(re);
	return r;
}

/* regexall(pattern, str): every match, as a list (maybe empty). */
static const struct value *
fn_regexall(struct func_call *call)
{
	const struct value *pat = func_arg_string(call, 0);
	const struct value *s = func_arg_string(call, 1), *r = NULL;
	const struct value **items = NULL;
	size_t n = 0, cap = 0, start = 0;
	pcre2_code *re;
	pcre2_match_data *md;
	PCRE2_SIZE *ov;

	if (pat == NULL || s == NULL)
		return NULL;
	if ((re = re_compile(call, 0, pat->u.str.s, pat->u.str.len)) == NULL)
		return NULL;
	if (re_check_groups(call, re)) {
		md = pcre2_match_data_create_from_pattern(re, NULL);
		while ((ov = re_next(re, md, s->u.str.s, s->u.str.len,
		    &start)) != NULL) {
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				items = xreallocarray(items, cap,
				    sizeof(*items));
			}
			items[n++] = re_match_value(call, re, s->u.str.s, ov);
		}
		pcre2_match_data_free(md);
		r = val_list(call->arena, items, n);
		free(items);
	}
	pcre2_code_free(re);
	return r;
}

/* Replace every match of the regex in s with repl (PCRE2 syntax). */
static const struct value *
replace_regex(struct func_call *call, const struct value *s,
    const struct value *pat, const struct value *repl)
{
	pcre2_code *re;
	PCRE2_UCHAR *out, msg[256];
	PCRE2_SIZE outlen;
	const struct value *r = NULL;
	int rc;

	re = re_compile(call, 1, pat->u.str.s + 1, pat->u.str.len - 2);
	if (re == NULL)
		return NULL;
	outlen = s->u.str.len * 2 + repl->u.str.len + 64;
	for (;;) {
		out = xmalloc(outlen + 1);
		rc = pcre2_substitute(re, (PCRE2_SPTR)s->u.str.s, s->u.str.len,
		    0, PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH |
		    PCRE2_SUBSTITUTE_UNSET_EMPTY, NULL, NULL,
		    (PCRE2_SPTR)repl->u.str.s, repl->u.str.len, out, &outlen);
		if (rc != PCRE2_ERROR_NOMEMORY)
			break;
		free(out);	/* outlen now holds the size needed */
	}
	if (rc >= 0)
		r = val_string(call->arena, (const char *)out, outlen);
	else {
		pcre2_get_error_message(rc, msg, sizeof(msg));
		func_error(call, 2, "%s", (const char *)msg);
	}
	free(out);
	pcre2_code_free(re);
	return r;
}

/*
 * replace(str, substr, replacement): every occurrence replaced; a
 * substr written /.../ is a regular expression, as in Terraform.
 */
static const struct value *
fn_replace(struct func_call *call)
{
	const struct value *s = func_arg_string(call, 0);
	const struct value *sub = func_arg_string(call, 1);
	const struct value *repl = func_arg_string(call, 2);
	struct buf b = BUF_INIT;
	const char *p, *end, *hit;
	size_t len;

	if (s == NULL || sub == NULL || repl == NULL)
		return NULL;
	if (sub->u.str.len >= 2 && sub->u.str.s[0] == '/' &&
	    sub->u.str.s[sub->u.str.len - 1] == '/')
		return replace_regex(call, s, sub, repl);
	p = s->u.str.s;
	end = p + s->u.str.len;
	if (sub->u.str.len == 0) {
		/* Before every character and at the end, as Go and Python. */
		while (p < end) {
			len = func_char_len(p, (size_t)(end - p));
			(void)buf_append(&b, repl->u.str.s, repl->u.str.len);
			(void)buf_append(&b, p, len);
			p += len;
		}
		(void)buf_append(&b, repl->u.str.s, repl->u.str.len);
		return str_from_buf(call, &b);
	}
	while ((hit = memmem(p, (size_t)(end - p), sub->u.str.s,
	    sub->u.str.len)) != NULL) {
		(void)buf_append(&b, p, (size_t)(hit - p));
		(void)buf_append(&b, repl->u.str.s, repl->u.str.len);
		p = hit + sub->u.str.len;
	}
	(void)buf_append(&b, p, (size_t)(end - p));
	return str_from_buf(call, &b);
}

/* Whether cp is white space (Unicode White_Space, as Go's IsSpace). */
static bool
is_space(uint32_t cp)
{
	switch (cp) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202f: case 0x205f: case 0x3000:
		return true;
	default:
		return cp >= 0x2000 && cp <= 0x200a;
	}
}

/* Whether cp occurs in the string set (decoded as UTF-8). */
static bool
in_set(uint32_t cp, const struct value *set)
{
	size_t i = 0, len;
	uint32_t c;

	while (i < set->u.str.len) {
		len = utf8_decode(set->u.str.s + i, set->u.str.len - i, &c);
		if (len == 0) {
			c = (unsigned char)set->u.str.s[i];
			len = 1;
		}
		if (c == cp)
			return true;
		i += len;
	}
	return false;
}

/* Trim characters from both ends of s: white space, or those in set. */
static const struct value *
trim_chars(struct func_call *call, const struct value *s,
    const struct value *set)
{
	const char *str = s->u.str.s;
	size_t lo = 0, hi = s->u.str.len, len, back;
	uint32_t cp;

	while (lo < hi) {
		len = utf8_decode(str + lo, hi - lo, &cp);
		if (len == 0) {
			cp = (unsigned char)str[lo];
			len = 1;
		}
		if (set != NULL ? !in_set(cp, set) : !is_space(cp))
			break;
		lo += len;
	}
	while (hi > lo) {
		/* Step back over continuation bytes to a character start. */
		back = 1;
		while (back < 4 && hi - back > lo &&
		    ((unsigned char)str[hi - back] & 0xc0) == 0x80)
			back++;
		len = utf8_decode(str + hi - back, back, &cp);
		if (len != back) {
			back = 1;
			cp = (unsigned char)str[hi - 1];
		}
		if (set != NULL ? !in_set(cp, set) : !is_space(cp))
			break;
		hi -= back;
	}
	return val_string(call->arena, str + lo, hi - lo);
}

/* trim(str, cutset): str without the characters of cutset at its ends. */
static const struct value *
fn_trim(struct func_call *call)
{
	const struct value *s = func_arg_string(call, 0);
	const struct value *set = func_arg_string(call, 1);

	if (s == NULL || set == NULL)
		return NULL;
	return trim_chars(call, s, set);
}

/* trimspace(str): str without white space at its ends. */
static const struct value *
fn_trimspace(struct func_call *call)
{
	const struct value *s = func_arg_string(call, 0);

	return s == NULL ? NULL : trim_chars(call, s, NULL);
}

/*
 * substr(str, offset, length): length characters from offset; a
 * negative offset counts from the end, a negative length means "to the
 * end".  Ranges past either end are clipped.
 */
static const struct value *
fn_substr(struct func_call *call)
{
	const struct value *s = func_arg_string(call, 0);
	int64_t off, len, total, k;
	size_t lo = 0, hi;

	if (s == NULL || !func_arg_int(call, 1, &off) ||
	    !func_arg_int(call, 2, &len))
		return NULL;
	total = (int64_t)func_char_count(s->u.str.s, s->u.str.len);
	if (off < 0)
		off = off < -total ? 0 : total + off;
	if (off > total)
		off = total;
	if (len < 0 || len > total - off)
		len = total - off;
	for (k = 0; k < off; k++)
		lo += func_char_len(s->u.str.s + lo, s->u.str.len - lo);
	hi = lo;
	for (k = 0; k < len; k++)
		hi += func_char_len(s->u.str.s + hi, s->u.str.len - hi);
	return val_string(call->arena, s->u.str.s + lo, hi - lo);
}

/*
 * str(v): the string form of any value: strings as they are, numbers and
 * bools as HCL prints them, null as "null", lists and objects as compact
 * JSON.
 */
static const struct value *
fn_str(struct func_call *call)
{
	const struct value *v = call->args[0];
	struct buf b = BUF_INIT;

	switch (v->kind) {
	case VAL_NULL:
		return val_cstring(call->arena, "null");
	case VAL_LIST:
	case VAL_OBJECT:
		if (val_to_json(&b, v, NULL) != 0) {
			buf_release(&b);
			return func_error(call, 0, "value cannot be written "
			    "as text");
		}
		return str_from_buf(call, &b);
	default:
		return func_arg_string(call, 0);
	}
}

/* hex(n): a whole number in hexadecimal with "0x", as Python's hex. */
static const struct value *
fn_hex(struct func_call *call)
{
	int64_t i;
	uint64_t m;

	if (!func_arg_int(call, 0, &i))
		return NULL;
	m = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
	return val_cstring(call->arena, arena_printf(call->arena,
	    "%s0x%" PRIx64, i < 0 ? "-" : "", m));
}

static const char *const p_str[] = { "str", NULL };
static const char *const p_split[] = { "separator", "str", NULL };
static const char *const p_join[] = { "separator", "list", NULL };
static const char *const p_format[] = { "spec", "args", NULL };
static const char *const p_replace[] = { "str", "substr", "replacement",
	NULL };
static const char *const p_trim[] = { "str", "cutset", NULL };
static const char *const p_substr[] = { "str", "offset", "length", NULL };
static const char *const p_regex[] = { "pattern", "str", NULL };
static const char *const p_value[] = { "value", NULL };
static const char *const p_num[] = { "num", NULL };

const struct func_def func_string_defs[] = {
	{ "format", 1, FUNC_VARIADIC, NULL, fn_format, p_format },
	{ "hex", 1, 1, NULL, fn_hex, p_num },
	{ "join", 2, FUNC_VARIADIC, NULL, fn_join, p_join },
	{ "lower", 1, 1, NULL, fn_lower, p_str },
	{ "regex", 2, 2, NULL, fn_regex, p_regex },
	{ "regexall", 2, 2, NULL, fn_regexall, p_regex },
	{ "replace", 3, 3, NULL, fn_replace, p_replace },
	{ "split", 2, 2, NULL, fn_split, p_split },
	{ "str", 1, 1, NULL, fn_str, p_value },
	{ "substr", 3, 3, NULL, fn_substr, p_substr },
	{ "trim", 2, 2, NULL, fn_trim, p_trim },
	{ "trimspace", 1, 1, NULL, fn_trimspace, p_str },
	{ "upper", 1, 1, NULL, fn_upper, p_str },
};
const size_t func_string_ndefs = sizeof(func_string_defs) /
    sizeof(func_string_defs[0]);
