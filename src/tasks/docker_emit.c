#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tasks/docker_emit.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/shlex.h"
#include "util/shquote.h"
#include "util/xmalloc.h"

/* Value kinds a scalar argument accepts. */
#define K_STR	0x1u	/* strings */
#define K_INT	0x2u	/* numbers that are integers */
#define K_NUM	0x4u	/* any number */
#define K_BOOL	0x8u	/* bools */
/* Where docker-py applies str(): HCL's string conversion (decisions §1). */
#define K_SCALAR (K_STR | K_NUM | K_BOOL)

static void vreport(struct demit_ctx *c, enum diag_severity sev,
    struct span at, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* Add a diagnostic at a place of the current argument. */
static void
vreport(struct demit_ctx *c, enum diag_severity sev, struct span at,
    const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);

	diag_add(c->dl, sev, c->opts->src, at, "%s", msg);
	free(msg);
	if (sev == DIAG_ERROR)
		c->nerr++;
}

/* Add an error at the current argument's value. */
void
demit_error(struct demit_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, DIAG_ERROR, c->arg->span, fmt, ap);
	va_end(ap);
}

/* Add an error at the current argument's name. */
void
demit_name_error(struct demit_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, DIAG_ERROR, c->arg->name_span, fmt, ap);
	va_end(ap);
}

/* Add a warning at the current argument. */
void
demit_warning(struct demit_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, DIAG_WARNING, c->arg->span, fmt, ap);
	va_end(ap);
}

/* "${ref}" for an unknown value, NULL for a failed one. */
char *
demit_placeholder(struct demit_ctx *c, const struct value *v)
{
	c->plan->has_unknown = true;
	if (v->u.unknown.ref == NULL)
		return NULL;
	return xasprintf("${%s}", v->u.unknown.ref);
}

/* Append --flag=value. */
void
demit_flag(struct demit_ctx *c, const char *flag, const char *value)
{
	strvec_pushf(&c->flags, "%s=%s", flag, value);
}

/* Python's truth test, on HCL values. */
bool
demit_falsy(const struct value *v)
{
	switch (v->kind) {
	case VAL_NULL:
		return true;
	case VAL_BOOL:
		return !v->u.b;
	case VAL_NUMBER:
		return v->u.num.is_int ? v->u.num.i == 0 : v->u.num.d == 0;
	case VAL_STRING:
		return v->u.str.len == 0;
	case VAL_LIST:
		return v->u.list.n == 0;
	case VAL_OBJECT:
		return v->u.obj.n == 0;
	case VAL_UNKNOWN:
		return false;
	}
	return false;
}

/* Whether a map key can follow a dot in an HCL traversal. */
static bool
ident_like(const char *k)
{
	if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
	    *k == '_'))
		return false;
	for (k++; *k != '\0'; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		    (*k >= '0' && *k <= '9') || *k == '_' || *k == '-'))
			return false;
	return true;
}

/* The path of a member: parent.key, or parent["key"]. */
static char *
path_key(const char *parent, const char *key)
{
	struct buf b = BUF_INIT;

	if (ident_like(key))
		return xasprintf("%s.%s", parent, key);
	buf_printf(&b, "%s[", parent);
	jsonw_string(&b, key, strlen(key));
	buf_putc(&b, ']');
	return buf_detach(&b, NULL);
}

/* The path of a list item: parent[i]. */
static char *
path_index(const char *parent, size_t i)
{
	return xasprintf("%s[%zu]", parent, i);
}

/* How a value is named in a type error. */
static char *
found_text(const struct value *v)
{
	struct buf b = BUF_INIT;

	if (v->kind == VAL_NUMBER) {
		buf_puts(&b, "number ");
		val_number_format(&b, v);
	} else if (v->kind == VAL_OBJECT) {
		buf_puts(&b, "map");
	} else {
		buf_puts(&b, val_kind_name(v->kind));
	}
	return buf_detach(&b, NULL);
}

/* Report that the value at path is not of the wanted type. */
static void
type_error(struct demit_ctx *c, const char *path, const char *want,
    const struct value *v)
{
	char *got = found_text(v);

	demit_error(c, "invalid type for '%s': expected %s, found %s", path,
	    want, got);
	free(got);
}

/*
 * The text of a scalar for argv (malloc'd): a string as it is, a number or
 * bool by HCL's conversion when kinds allows, an unknown value as its
 * placeholder.  NULL after a reported error or for a failed value.
 */
static char *
scalar_text(struct demit_ctx *c, const struct value *v, const char *path,
    unsigned kinds, const char *want)
{
	struct buf b = BUF_INIT;

	if (v->kind == VAL_UNKNOWN)
		return demit_placeholder(c, v);
	if (v->kind == VAL_STRING && (kinds & K_STR)) {
		if (memchr(v->u.str.s, '\0', v->u.str.len) != NULL) {
			demit_error(c, "invalid value for '%s': a NUL byte "
			    "cannot be passed to docker", path);
			return NULL;
		}
		return xstrndup(v->u.str.s, v->u.str.len);
	}
	if (v->kind == VAL_NUMBER && ((kinds & K_NUM) ||
	    ((kinds & K_INT) && v->u.num.is_int))) {
		val_number_format(&b, v);
		return buf_detach(&b, NULL);
	}
	if (v->kind == VAL_BOOL && (kinds & K_BOOL))
		return xstrdup(v->u.b ? "true" : "false");
	type_error(c, path, want, v);
	return NULL;
}

/* A string value's text; see scalar_text. */
static char *
str_text(struct demit_ctx *c, const struct value *v, const char *path)
{
	return scalar_text(c, v, path, K_STR, "string");
}

/*
 * An integer: 1 with *out set; 0 for an unknown value, *ph holding its
 * placeholder (or NULL); -1 after a type error.
 */
static int
int_value(struct demit_ctx *c, const struct value *v, const char *path,
    int64_t *out, char **ph)
{
	*ph = NULL;
	if (v->kind == VAL_UNKNOWN) {
		*ph = demit_placeholder(c, v);
		return 0;
	}
	if (v->kind == VAL_NUMBER && v->u.num.is_int) {
		*out = v->u.num.i;
		return 1;
	}
	type_error(c, path, "integer", v);
	return -1;
}

/* A bool, converted as HCL does ("true", "false"); returns as int_value. */
static int
bool_value(struct demit_ctx *c, const struct value *v, const char *path,
    bool *out, char **ph)
{
	const struct value *b;

	*ph = NULL;
	if (v->kind == VAL_UNKNOWN) {
		*ph = demit_placeholder(c, v);
		return 0;
	}
	b = val_to_bool(v);
	if (b == NULL) {
		type_error(c, path, "bool", v);
		return -1;
	}
	*out = b->u.b;
	return 1;
}

/* A member of a raw map, matched by name. */
struct field {
	const char *name;	/* the Engine's field, or docker-py's key */
	const char *alt;	/* docker-py's other spelling, or NULL */
	const struct value *v;	/* the member's value; NULL when absent */
};

/* ASCII case-insensitive equality. */
static bool
ascii_caseeq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char x = *a, y = *b;

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

/*
 * Match the members of obj to fields.  With fold, keys match as Go's
 * encoding/json matches them (case-insensitively: docker-py passes these
 * maps to the Engine raw); otherwise a key is name or alt, name winning,
 * as docker-py's kwargs.get(name, kwargs.get(alt)).  Members that match
 * nothing are ignored, as the Engine and docker-py ignore them, with a
 * warning.  Returns false after an error (two keys for one field).
 */
static bool
take_fields(struct demit_ctx *c, const struct value *obj, const char *path,
    struct field *f, size_t nf, bool fold)
{
	bool ok = true;

	for (size_t j = 0; j < nf; j++)
		f[j].v = NULL;
	for (size_t i = 0; i < obj->u.obj.n; i++) {
		const struct val_member *m = &obj->u.obj.members[i];
		size_t j;

		for (j = 0; j < nf; j++) {
			if (fold ? ascii_caseeq(m->key, f[j].name) :
			    (strcmp(m->key, f[j].name) == 0 ||
			    (f[j].alt != NULL &&
			    strcmp(m->key, f[j].alt) == 0)))
				break;
		}
		if (j == nf) {
			demit_warning(c, "ignoring unknown key '%s' in '%s'",
			    m->key, path);
			continue;
		}
		if (f[j].v != NULL && fold) {
			demit_error(c, "'%s' has two keys for '%s'", path,
			    f[j].name);
			ok = false;
		} else if (f[j].v == NULL || strcmp(m->key, f[j].name) == 0) {
			f[j].v = m->val;
		}
	}
	for (size_t j = 0; j < nf; j++)
		if (f[j].v != NULL && f[j].v->kind == VAL_NULL)
			f[j].v = NULL;
	return ok;
}

/* Report a type error unless v has the kind wanted; unknown passes. */
static bool
expect_kind(struct demit_ctx *c, const struct value *v, const char *path,
    enum val_kind kind, const char *want)
{
	if (v->kind == kind)
		return true;
	type_error(c, path, want, v);
	return false;
}

/* Append a flag per item of a placeholder-or-error text; frees text. */
static void
flag_text(struct demit_ctx *c, const char *flag, char *text)
{
	if (text != NULL)
		demit_flag(c, flag, text);
	free(text);
}

/* Lower-case the first letter of a message from Python. */
static const char *
py_message(char *buf, size_t size, const char *msg)
{
	snprintf(buf, size, "%s", msg);
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* ---- simple rows ---- */

/* auto_remove: --rm (emitted once, with the implicit remove). */
void
demit_auto_remove(struct demit_ctx *c, const struct value *v)
{
	bool b;
	char *ph;

	if (bool_value(c, v, c->def->name, &b, &ph) == 1 && b) {
		c->auto_remove = true;
		c->plan->rm = true;
	}
	free(ph);
}

/* A flag without a value when the bool is true. */
void
demit_bool(struct demit_ctx *c, const struct value *v)
{
	bool b;
	char *ph;

	if (bool_value(c, v, c->def->name, &b, &ph) == 1 && b)
		strvec_push(&c->flags, c->def->flag);
	free(ph);
}

/* init: --init, or --init=false (docker-py sends False too). */
void
demit_init(struct demit_ctx *c, const struct value *v)
{
	bool b;
	char *ph;

	if (bool_value(c, v, c->def->name, &b, &ph) == 1)
		strvec_push(&c->flags, b ? "--init" : "--init=false");
	free(ph);
}

/* An integer flag. */
void
demit_int(struct demit_ctx *c, const struct value *v)
{
	int64_t n;
	char *ph;

	if (int_value(c, v, c->def->name, &n, &ph) == 1)
		strvec_pushf(&c->flags, "%s=%" PRId64, c->def->flag, n);
	free(ph);
}

/* A string flag. */
void
demit_str(struct demit_ctx *c, const struct value *v)
{
	flag_text(c, c->def->flag, str_text(c, v, c->def->name));
}

/* A flag whose value docker-py passes through str() (user). */
void
demit_scalar(struct demit_ctx *c, const struct value *v)
{
	flag_text(c, c->def->flag, scalar_text(c, v, c->def->name, K_SCALAR,
	    "string or number"));
}

/* userns_mode, uts_mode: docker-py accepts "host" only. */
void
demit_host_only(struct demit_ctx *c, const struct value *v)
{
	char *s = str_text(c, v, c->def->name);

	if (s == NULL)
		return;
	if (v->kind == VAL_STRING && strcmp(s, "host") != 0)
		demit_error(c, "invalid value for '%s': '%s' (the only "
		    "accepted value is \"host\")", c->def->name, s);
	else
		demit_flag(c, c->def->flag, s);
	free(s);
}

/* A flag per list item; a string is one item or a comma list per row. */
void
demit_str_list(struct demit_ctx *c, const struct value *v)
{
	const char *name = c->def->name;
	char *path, *s, *p, *comma;

	if (v->kind == VAL_STRING && (c->def->flags & DA_STR_ONE)) {
		flag_text(c, c->def->flag, str_text(c, v, name));
		return;
	}
	if (v->kind == VAL_STRING && (c->def->flags & DA_STR_SPLIT)) {
		/* docker-py: volumes_from.split(',') */
		if ((s = str_text(c, v, name)) == NULL)
			return;
		for (p = s; (comma = strchr(p, ',')) != NULL; p = comma + 1) {
			*comma = '\0';
			demit_flag(c, c->def->flag, p);
		}
		demit_flag(c, c->def->flag, p);
		free(s);
		return;
	}
	if (v->kind != VAL_LIST) {
		type_error(c, name, (c->def->flags & (DA_STR_ONE |
		    DA_STR_SPLIT)) ? "list or string" : "list", v);
		return;
	}
	for (size_t i = 0; i < v->u.list.n; i++) {
		path = path_index(name, i);
		flag_text(c, c->def->flag, str_text(c, v->u.list.items[i],
		    path));
		free(path);
	}
}

/* group_add: a flag per item, numbers converted (docker-py: str(g)). */
void
demit_scalar_list(struct demit_ctx *c, const struct value *v)
{
	char *path;

	if (!expect_kind(c, v, c->def->name, VAL_LIST, "list"))
		return;
	for (size_t i = 0; i < v->u.list.n; i++) {
		path = path_index(c->def->name, i);
		flag_text(c, c->def->flag, scalar_text(c, v->u.list.items[i],
		    path, K_SCALAR, "string or number"));
		free(path);
	}
}

/* detach, init_path: an error; the row's note is the message. */
void
demit_reject(struct demit_ctx *c, const struct value *v)
{
	(void)v;
	demit_error(c, "%s", c->def->note);
}

/* remove = false: no --rm, keep the container. */
void
demit_remove(struct demit_ctx *c, const struct value *v)
{
	bool b;
	char *ph;

	if (bool_value(c, v, c->def->name, &b, &ph) == 1)
		c->plan->keep_container = !b;
	free(ph);
}

/* stdout, stderr: what the task's stdout attribute holds. */
void
demit_result_stream(struct demit_ctx *c, const struct value *v)
{
	bool b;
	char *ph;

	if (bool_value(c, v, c->def->name, &b, &ph) == 1) {
		if (strcmp(c->def->name, "stdout") == 0)
			c->plan->result_stdout = b;
		else
			c->plan->result_stderr = b;
	}
	free(ph);
}

/* stream = true: show output live (decisions §3). */
void
demit_stream(struct demit_ctx *c, const struct value *v)
{
	bool b;
	char *ph;

	if (bool_value(c, v, c->def->name, &b, &ph) == 1)
		c->plan->stream = b;
	free(ph);
}

/* use_config_proxy = false: keep config.json proxies out (mapping). */
void
demit_use_config_proxy(struct demit_ctx *c, const struct value *v)
{
	bool b;
	char *ph;

	if (bool_value(c, v, c->def->name, &b, &ph) == 1 && !b) {
		if (c->opts->podman)
			strvec_push(&c->flags, "--http-proxy=false");
		else
			c->plan->no_config_proxy = true;
	}
	free(ph);
}

/* network_disabled: the closest flag is --network=none. */
void
demit_network_disabled(struct demit_ctx *c, const struct value *v)
{
	bool b;
	char *ph;

	if (bool_value(c, v, c->def->name, &b, &ph) == 1 && b) {
		c->network_disabled = true;
		demit_flag(c, c->def->flag, "none");
	}
	free(ph);
}

/* ---- byte sizes and numbers ---- */

/*
 * ASCII whitespace as Python's float() strips it and Go's
 * strings.TrimSpace trims it: space, \t \n \v \f \r (not \x1c-\x1f).
 */
static bool
ascii_space(char ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

static bool
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool
is_alpha(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/*
 * Python's float() on n bytes: surrounding whitespace, a sign, digits
 * with single underscores between them, a fraction, an exponent, or
 * inf/infinity/nan.  False where float() raises ValueError.
 */
static bool
py_float(const char *s, size_t n, double *out)
{
	struct buf b = BUF_INIT;
	const char *t;
	size_t i = 0, digits = 0;
	bool ok = false;

	while (n > 0 && ascii_space(s[0]))
		s++, n--;
	while (n > 0 && ascii_space(s[n - 1]))
		n--;
	for (size_t k = 0; k < n; k++) {
		if (s[k] == '_') {
			if (k == 0 || k + 1 == n || !is_digit(s[k - 1]) ||
			    !is_digit(s[k + 1]))
				goto done;
			continue;
		}
		if (s[k] == '\0')
			goto done;
		buf_putc(&b, s[k]);
	}
	t = buf_str(&b);
	n = b.len;
	if (i < n && (t[i] == '+' || t[i] == '-'))
		i++;
	if (strcasecmp(t + i, "inf") == 0 ||
	    strcasecmp(t + i, "infinity") == 0 ||
	    strcasecmp(t + i, "nan") == 0) {
		ok = true;
	} else {
		for (; i < n && is_digit(t[i]); i++)
			digits++;
		if (i < n && t[i] == '.')
			for (i++; i < n && is_digit(t[i]); i++)
				digits++;
		if (digits == 0)
			goto done;
		if (i < n && (t[i] == 'e' || t[i] == 'E')) {
			i++;
			if (i < n && (t[i] == '+' || t[i] == '-'))
				i++;
			if (i == n || !is_digit(t[i]))
				goto done;
			while (i < n && is_digit(t[i]))
				i++;
		}
		ok = i == n;
	}
	if (ok)
		*out = strtod(t, NULL);
done:
	buf_release(&b);
	return ok;
}

/*
 * docker-py's parse_bytes (docker/utils/utils.py) on a string: a final
 * b/B after a letter is dropped; the unit is b, k, m or g (any case, base
 * 1024) or absent; the number goes through float() and the result is
 * int(number * unit).
 */
enum demit_bytes_err
demit_parse_bytes(const char *s, size_t n, int64_t *out)
{
	int64_t unit;
	double d;
	char u;

	*out = 0;
	if (n == 0)
		return DEMIT_BYTES_OK;
	if (n >= 2 && is_alpha(s[n - 2]) && is_alpha(s[n - 1]) &&
	    (s[n - 1] == 'b' || s[n - 1] == 'B'))
		n--;
	u = s[n - 1];
	if (is_digit(u)) {
		unit = 1;
	} else {
		switch (u) {
		case 'b': case 'B':
			unit = 1;
			break;
		case 'k': case 'K':
			unit = 1024;
			break;
		case 'm': case 'M':
			unit = 1024 * 1024;
			break;
		case 'g': case 'G':
			unit = 1024 * 1024 * 1024;
			break;
		default:
			return DEMIT_BYTES_UNIT;
		}
		n--;
	}
	if (!py_float(s, n, &d))
		return DEMIT_BYTES_NUMBER;
	d *= (double)unit;
	/* int() truncates toward zero; the Engine's fields are int64. */
	if (!isfinite(d) || d >= 9223372036854775808.0 ||
	    d < -9223372036854775808.0)
		return DEMIT_BYTES_RANGE;
	*out = (int64_t)d;
	return DEMIT_BYTES_OK;
}

/*
 * A byte size as an integer: 1 with *out; 0 unknown (*ph); -1 after an
 * error.  Floats are refused: docker-py would send 1e9 as a JSON float,
 * which the Engine refuses for an int64.
 */
static int
bytes_value(struct demit_ctx *c, const struct value *v, const char *path,
    int64_t *out, char **ph)
{
	char *s;

	*ph = NULL;
	if (v->kind == VAL_UNKNOWN) {
		*ph = demit_placeholder(c, v);
		return 0;
	}
	if (v->kind == VAL_NUMBER && v->u.num.is_int) {
		*out = v->u.num.i;
		return 1;
	}
	if (v->kind != VAL_STRING) {
		type_error(c, path, "integer or string", v);
		return -1;
	}
	if ((s = str_text(c, v, path)) == NULL)
		return -1;
	switch (demit_parse_bytes(s, strlen(s), out)) {
	case DEMIT_BYTES_OK:
		free(s);
		return 1;
	case DEMIT_BYTES_UNIT:
		demit_error(c, "invalid size '%s' for '%s': the unit must be "
		    "b, k, m or g", s, path);
		break;
	case DEMIT_BYTES_NUMBER:
		demit_error(c, "invalid size '%s' for '%s': not a number "
		    "before the unit", s, path);
		break;
	case DEMIT_BYTES_RANGE:
		demit_error(c, "invalid size '%s' for '%s': out of range", s,
		    path);
		break;
	}
	free(s);
	return -1;
}

/* A byte-size flag, written as a plain integer (mapping §2.4). */
void
demit_bytes(struct demit_ctx *c, const struct value *v)
{
	int64_t n;
	char *ph;

	switch (bytes_value(c, v, c->def->name, &n, &ph)) {
	case 1:
		if (n != 0)
			strvec_pushf(&c->flags, "%s=%" PRId64, c->def->flag, n);
		break;
	case 0:
		flag_text(c, c->def->flag, ph);
		break;
	}
}

/* nano_cpus: --cpus with the exact decimal (1500000000 → 1.5). */
void
demit_nano_cpus(struct demit_ctx *c, const struct value *v)
{
	int64_t n;
	char *ph, frac[16];
	int len;

	if (int_value(c, v, c->def->name, &n, &ph) != 1) {
		flag_text(c, c->def->flag, ph);
		return;
	}
	if (n < 0) {
		demit_error(c, "invalid value for 'nano_cpus': %" PRId64
		    " (must be positive)", n);
		return;
	}
	len = snprintf(frac, sizeof(frac), "%09" PRId64, n % 1000000000);
	while (len > 0 && frac[len - 1] == '0')
		frac[--len] = '\0';
	if (len == 0)
		strvec_pushf(&c->flags, "--cpus=%" PRId64, n / 1000000000);
	else
		strvec_pushf(&c->flags, "--cpus=%" PRId64 ".%s",
		    n / 1000000000, frac);
}

/* Arguments without a docker run flag: check the type, then warn. */
void
demit_drop(struct demit_ctx *c, const struct value *v)
{
	const char *name = c->def->name;
	int64_t n;
	char *ph = NULL;

	if (v->kind == VAL_UNKNOWN) {
		c->plan->has_unknown = true;
	} else if (!demit_falsy(v)) {
		if ((c->def->flags & DA_DROP_INT) && int_value(c, v, name,
		    &n, &ph) < 0)
			return;
		if ((c->def->flags & DA_DROP_BYTES) && bytes_value(c, v, name,
		    &n, &ph) < 0)
			return;
		if ((c->def->flags & DA_DROP_MAP_LIST) &&
		    v->kind != VAL_OBJECT && v->kind != VAL_LIST) {
			type_error(c, name, "map or list", v);
			return;
		}
	}
	free(ph);
	demit_warning(c, "ignoring '%s': %s", name, c->def->note);
}

/* ---- image, command, entrypoint ---- */

/* image: the positional IMAGE. */
void
demit_image(struct demit_ctx *c, const struct value *v)
{
	char *s;

	if (v->kind == VAL_UNKNOWN) {
		s = demit_placeholder(c, v);
		c->plan->image = s != NULL ? s : xstrdup("");
		return;
	}
	if ((s = str_text(c, v, "image")) == NULL)
		return;
	if (*s == '\0')
		demit_error(c, "'image' must not be empty");
	else if (*s == '-')
		demit_error(c, "invalid image name '%s': it cannot start "
		    "with '-'", s);
	c->plan->image = s;
}

/*
 * Words of a command or entrypoint: a string split as shlex.split does
 * (docker-py's split_command), a list verbatim.  Returns false after an
 * error.
 */
static bool
words_of(struct demit_ctx *c, const struct value *v, const char *name,
    struct strvec *out)
{
	const char *err;
	char msg[64], *path, *w;
	bool ok = true;

	if (v->kind == VAL_STRING) {
		struct strvec tmp = STRVEC_INIT;

		if (shlex_split(v->u.str.s, v->u.str.len, &tmp, &err) < 0) {
			demit_error(c, "cannot split '%s' into words: %s", name,
			    py_message(msg, sizeof(msg), err));
			ok = false;
		}
		for (size_t i = 0; ok && i < tmp.n; i++)
			strvec_push(out, tmp.v[i]);
		strvec_release(&tmp);
		return ok;
	}
	if (v->kind != VAL_LIST) {
		type_error(c, name, "string or list", v);
		return false;
	}
	for (size_t i = 0; i < v->u.list.n; i++) {
		path = path_index(name, i);
		w = str_text(c, v->u.list.items[i], path);
		free(path);
		if (w == NULL)
			ok = false;
		else
			strvec_push_owned(out, w);
	}
	return ok;
}

/* The command as written: a string verbatim, a list as ["a", "b"]. */
static char *
command_text(const struct value *v)
{
	struct buf b = BUF_INIT;
	const struct value *it;

	if (v->kind == VAL_STRING)
		return xstrndup(v->u.str.s, v->u.str.len);
	buf_putc(&b, '[');
	for (size_t i = 0; i < v->u.list.n; i++) {
		it = v->u.list.items[i];
		if (i > 0)
			buf_puts(&b, ", ");
		if (it->kind == VAL_STRING)
			jsonw_string(&b, it->u.str.s, it->u.str.len);
		else if (it->kind == VAL_UNKNOWN && it->u.unknown.ref != NULL)
			buf_printf(&b, "\"${%s}\"", it->u.unknown.ref);
		else
			buf_puts(&b, "?");
	}
	buf_putc(&b, ']');
	return buf_detach(&b, NULL);
}

/* command: the words after IMAGE and the entrypoint tail. */
void
demit_command(struct demit_ctx *c, const struct value *v)
{
	char *ph;

	if (v->kind == VAL_UNKNOWN) {
		c->cmd_unknown = true;
		if ((ph = demit_placeholder(c, v)) != NULL) {
			c->plan->command_text = xstrdup(ph);
			strvec_push_owned(&c->cmd, ph);
		}
		return;
	}
	if (words_of(c, v, "command", &c->cmd))
		c->plan->command_text = command_text(v);
}

/*
 * entrypoint: --entrypoint=<first word>, the other words before the
 * command (the CLI's flag takes one string).  podman reads a value that
 * starts with '[' as a JSON array, so such a word goes as one.
 */
void
demit_entrypoint(struct demit_ctx *c, const struct value *v)
{
	struct buf b = BUF_INIT;

	if (v->kind == VAL_UNKNOWN) {
		flag_text(c, "--entrypoint", demit_placeholder(c, v));
		return;
	}
	if (!words_of(c, v, "entrypoint", &c->ep))
		return;
	c->ep_given = true;
	if (c->ep.n == 0) {
		demit_flag(c, "--entrypoint", "");
	} else if (c->opts->podman && c->ep.v[0][0] == '[') {
		buf_putc(&b, '[');
		jsonw_string(&b, c->ep.v[0], strlen(c->ep.v[0]));
		buf_putc(&b, ']');
		demit_flag(c, "--entrypoint", buf_str(&b));
		buf_release(&b);
	} else {
		demit_flag(c, "--entrypoint", c->ep.v[0]);
	}
}

/* ---- environment ---- */

/*
 * Names the docker (or podman) CLI reads from its own environment: their
 * values cannot travel through it to the container (decisions §5).
 */
static bool
env_cli_reads(const char *name)
{
	static const char *const exact[] = {
		"ALL_PROXY", "CONTAINER_CONNECTION", "CONTAINER_HOST",
		"CONTAINER_PASSPHRASE", "CONTAINER_SSHKEY", "FTP_PROXY",
		"GODEBUG", "GOGC", "GOMAXPROCS", "GOMEMLIMIT", "GOTRACEBACK",
		"HOME", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "PATH",
		"SSH_AUTH_SOCK", "SSL_CERT_DIR", "SSL_CERT_FILE", "TMPDIR",
		"all_proxy", "ftp_proxy", "http_proxy", "https_proxy",
		"no_proxy",
	};
	static const char *const prefix[] = {
		"CONTAINERS_", "DOCKER_", "LD_", "OTEL_", "XDG_",
	};

	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strcmp(name, exact[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++)
		if (strncmp(name, prefix[i], strlen(prefix[i])) == 0)
			return true;
	return false;
}

struct envlist {
	struct demit_env *v;
	size_t n, alloc;
};

/* Record name = value (value NULL: unset); later entries win. */
static void
env_put(struct envlist *el, char *name, char *value, bool placeholder)
{
	for (size_t i = 0; i < el->n && !placeholder; i++) {
		if (!el->v[i].placeholder && strcmp(el->v[i].name, name) == 0) {
			free(name);
			free(el->v[i].value);
			el->v[i].value = value;
			return;
		}
	}
	if (el->n == el->alloc) {
		el->alloc = el->alloc ? el->alloc * 2 : 8;
		el->v = xreallocarray(el->v, el->alloc, sizeof(*el->v));
	}
	el->v[el->n].name = name;
	el->v[el->n].value = value;
	el->v[el->n].placeholder = placeholder;
	el->n++;
}

/* Check an environment name; false after an error. */
static bool
env_name_ok(struct demit_ctx *c, const char *name, const char *path)
{
	if (*name == '\0') {
		demit_error(c, "invalid environment variable in '%s': the "
		    "name is empty", path);
		return false;
	}
	if (strchr(name, '=') != NULL) {
		demit_error(c, "invalid environment variable name '%s': it "
		    "cannot contain '='", name);
		return false;
	}
	if (c->opts->podman && name[strlen(name) - 1] == '*') {
		demit_error(c, "invalid environment variable name '%s': '%s' "
		    "reads a trailing '*' as a pattern", name, c->binary);
		return false;
	}
	return true;
}

/* Emit the collected entries: --env=NAME with the value in env_set. */
static void
env_flush(struct demit_ctx *c, struct envlist *el)
{
	struct docker_plan *p = c->plan;

	for (size_t i = 0; i < el->n; i++) {
		struct demit_env *e = &el->v[i];

		if (e->placeholder) {
			demit_flag(c, "--env", e->name);
		} else if (e->value == NULL && env_cli_reads(e->name)) {
			demit_error(c, "cannot unset '%s' in the container: "
			    "the %s CLI reads '%s' itself", e->name, c->binary,
			    e->name);
		} else if (e->value == NULL) {
			demit_flag(c, "--env", e->name);
			strvec_push(&p->env_unset, e->name);
		} else if (env_cli_reads(e->name)) {
			strvec_pushf(&c->flags, "--env=%s=%s", e->name,
			    e->value);
		} else {
			demit_flag(c, "--env", e->name);
			strvec_pushf(&p->env_set, "%s=%s", e->name, e->value);
		}
		free(e->name);
		free(e->value);
	}
	free(el->v);
}

/*
 * environment: a map (null value: unset, values by HCL's conversion) or
 * a list of "NAME=VALUE" and "NAME" strings.  Values stay out of argv
 * (decisions §5).
 */
void
demit_environment(struct demit_ctx *c, const struct value *v)
{
	struct envlist el = { NULL, 0, 0 };
	const struct value *it;
	char *path, *s, *eq, *val;

	if (v->kind == VAL_OBJECT) {
		for (size_t i = 0; i < v->u.obj.n; i++) {
			const struct val_member *m = &v->u.obj.members[i];

			path = path_key("environment", m->key);
			if (!env_name_ok(c, m->key, path)) {
				free(path);
				continue;
			}
			if (m->val->kind == VAL_NULL) {
				env_put(&el, xstrdup(m->key), NULL, false);
			} else if ((val = scalar_text(c, m->val, path,
			    K_SCALAR, "string, number or bool")) != NULL) {
				env_put(&el, xstrdup(m->key), val, false);
			}
			free(path);
		}
	} else if (v->kind == VAL_LIST) {
		for (size_t i = 0; i < v->u.list.n; i++) {
			it = v->u.list.items[i];
			path = path_index("environment", i);
			s = str_text(c, it, path);
			if (s != NULL && it->kind == VAL_UNKNOWN) {
				env_put(&el, s, NULL, true);
			} else if (s != NULL) {
				eq = strchr(s, '=');
				if (eq != NULL)
					*eq = '\0';
				if (env_name_ok(c, s, path))
					env_put(&el, xstrdup(s), eq != NULL ?
					    xstrdup(eq + 1) : NULL, false);
				free(s);
			}
			free(path);
		}
	} else {
		type_error(c, "environment", "map or list", v);
	}
	env_flush(c, &el);
}

/* ---- maps and lists of pairs ---- */

/* extra_hosts: a map (sorted) to host:ip, or a list verbatim. */
void
demit_extra_hosts(struct demit_ctx *c, const struct value *v)
{
	char *path, *ip;

	if (v->kind == VAL_LIST) {
		demit_str_list(c, v);
		return;
	}
	if (!expect_kind(c, v, "extra_hosts", VAL_OBJECT, "map or list"))
		return;
	for (size_t i = 0; i < v->u.obj.n; i++) {
		const struct val_member *m = &v->u.obj.members[i];

		path = path_key("extra_hosts", m->key);
		ip = scalar_text(c, m->val, path, K_SCALAR, "string");
		if (ip != NULL)
			strvec_pushf(&c->flags, "--add-host=%s:%s", m->key, ip);
		free(ip);
		free(path);
	}
}

/* Whether a label name is one the runner sets itself. */
static bool
label_reserved(struct demit_ctx *c, const char *k)
{
	if (strcmp(k, "runflow.run") != 0 && strcmp(k, "runflow.task") != 0)
		return false;
	demit_error(c, "label '%s' is reserved: runflow sets it on every "
	    "container it starts", k);
	return true;
}

/* labels: a map of strings, or a list of names with empty values. */
void
demit_labels(struct demit_ctx *c, const struct value *v)
{
	char *path, *s;

	if (v->kind == VAL_OBJECT) {
		for (size_t i = 0; i < v->u.obj.n; i++) {
			const struct val_member *m = &v->u.obj.members[i];

			if (label_reserved(c, m->key))
				continue;
			path = path_key("labels", m->key);
			s = str_text(c, m->val, path);
			if (s != NULL)
				strvec_pushf(&c->flags, "--label=%s=%s", m->key,
				    s);
			free(s);
			free(path);
		}
		return;
	}
	if (!expect_kind(c, v, "labels", VAL_LIST, "map or list"))
		return;
	for (size_t i = 0; i < v->u.list.n; i++) {
		path = path_index("labels", i);
		s = str_text(c, v->u.list.items[i], path);
		free(path);
		if (s == NULL)
			continue;
		if (v->u.list.items[i]->kind == VAL_STRING &&
		    strchr(s, '=') != NULL)
			demit_error(c, "invalid label name '%s': the list form "
			    "names labels, which cannot contain '='; use a "
			    "map for values", s);
		else if (!label_reserved(c, s))
			demit_flag(c, "--label", s);
		free(s);
	}
}

struct link {
	char *container;
	char *alias;	/* NULL: none */
};

/* Order links as Python's sorted() orders the pairs. */
static int
link_compare(const void *pa, const void *pb)
{
	const struct link *a = pa, *b = pb;
	int r = strcmp(a->container, b->container);

	if (r != 0)
		return r;
	return strcmp(a->alias != NULL ? a->alias : "",
	    b->alias != NULL ? b->alias : "");
}

/*
 * links: {container = alias} or [[container, alias], ...], sorted as
 * docker-py's normalize_links sorts them; a falsy alias links the name.
 */
void
demit_links(struct demit_ctx *c, const struct value *v)
{
	struct link *ls;
	size_t n = 0;
	const struct value *cv, *av;
	char *path;

	if (v->kind != VAL_OBJECT && v->kind != VAL_LIST) {
		type_error(c, "links", "map or list", v);
		return;
	}
	ls = xcalloc(v->kind == VAL_OBJECT ? v->u.obj.n : v->u.list.n,
	    sizeof(*ls));
	for (size_t i = 0; i < (v->kind == VAL_OBJECT ? v->u.obj.n :
	    v->u.list.n); i++) {
		if (v->kind == VAL_OBJECT) {
			cv = NULL;
			av = v->u.obj.members[i].val;
			path = path_key("links", v->u.obj.members[i].key);
		} else {
			const struct value *pair = v->u.list.items[i];

			path = path_index("links", i);
			if (pair->kind != VAL_LIST || pair->u.list.n != 2) {
				demit_error(c, "invalid item '%s': expected a "
				    "[container, alias] pair", path);
				free(path);
				continue;
			}
			cv = pair->u.list.items[0];
			av = pair->u.list.items[1];
		}
		ls[n].container = cv == NULL ?
		    xstrdup(v->u.obj.members[i].key) :
		    scalar_text(c, cv, path, K_SCALAR, "string");
		ls[n].alias = demit_falsy(av) ? NULL :
		    scalar_text(c, av, path, K_SCALAR, "string");
		if (ls[n].container != NULL &&
		    (ls[n].alias != NULL || demit_falsy(av)))
			n++;
		else {
			free(ls[n].container);
			free(ls[n].alias);
		}
		free(path);
	}
	qsort(ls, n, sizeof(*ls), link_compare);
	for (size_t i = 0; i < n; i++) {
		if (ls[i].alias != NULL)
			strvec_pushf(&c->flags, "--link=%s:%s",
			    ls[i].container, ls[i].alias);
		else
			demit_flag(c, "--link", ls[i].container);
		free(ls[i].container);
		free(ls[i].alias);
	}
	free(ls);
}

/* sysctls, storage_opt: a map to --flag=key=value, sorted by key. */
void
demit_map_kv(struct demit_ctx *c, const struct value *v)
{
	unsigned kinds = (c->def->flags & DA_CONVERT) ? K_SCALAR : K_STR;
	char *path, *s;

	if (!expect_kind(c, v, c->def->name, VAL_OBJECT, "map"))
		return;
	for (size_t i = 0; i < v->u.obj.n; i++) {
		const struct val_member *m = &v->u.obj.members[i];

		path = path_key(c->def->name, m->key);
		s = scalar_text(c, m->val, path, kinds, kinds == K_STR ?
		    "string" : "string, number or bool");
		if (s != NULL)
			strvec_pushf(&c->flags, "%s=%s=%s", c->def->flag,
			    m->key, s);
		free(s);
		free(path);
	}
}

/* tmpfs: {path = options} or ["path[:options]"]. */
void
demit_tmpfs(struct demit_ctx *c, const struct value *v)
{
	char *path, *s;

	if (v->kind == VAL_LIST) {
		demit_str_list(c, v);
		return;
	}
	if (!expect_kind(c, v, "tmpfs", VAL_OBJECT, "map or list"))
		return;
	for (size_t i = 0; i < v->u.obj.n; i++) {
		const struct val_member *m = &v->u.obj.members[i];

		if (strchr(m->key, ':') != NULL) {
			demit_error(c, "invalid tmpfs path '%s': the docker "
			    "CLI cuts it at ':'", m->key);
			continue;
		}
		path = path_key("tmpfs", m->key);
		s = str_text(c, m->val, path);
		if (s != NULL && *s == '\0')
			demit_flag(c, "--tmpfs", m->key);
		else if (s != NULL)
			strvec_pushf(&c->flags, "--tmpfs=%s:%s", m->key, s);
		free(s);
		free(path);
	}
}

/* ---- lists of raw maps ---- */

/*
 * blkio_weight_device, device_*_bps/iops: [{Path, Weight or Rate}] to
 * --flag=Path:N.  The maps go to the Engine raw, so keys match as Go
 * matches them.
 */
void
demit_path_rate(struct demit_ctx *c, const struct value *v)
{
	struct field f[] = {
		{ "Path", NULL, NULL }, { c->def->note, NULL, NULL },
	};
	char *path, *p, *ph, *fp;
	int64_t n;
	int r;

	if (!expect_kind(c, v, c->def->name, VAL_LIST, "list"))
		return;
	for (size_t i = 0; i < v->u.list.n; i++) {
		const struct value *it = v->u.list.items[i];

		path = path_index(c->def->name, i);
		if (!expect_kind(c, it, path, VAL_OBJECT, "map") ||
		    !take_fields(c, it, path, f, 2, true)) {
			free(path);
			continue;
		}
		if (f[0].v == NULL || f[1].v == NULL) {
			demit_error(c, "'%s' needs '%s' and '%s'", path,
			    "Path", c->def->note);
			free(path);
			continue;
		}
		fp = path_key(path, "Path");
		p = str_text(c, f[0].v, fp);
		free(fp);
		fp = path_key(path, c->def->note);
		r = int_value(c, f[1].v, fp, &n, &ph);
		if (r == 1 && (n < 0 || (f[1].name[0] == 'W' && n > 65535))) {
			demit_error(c, "invalid value for '%s': %" PRId64, fp,
			    n);
			r = -1;
		}
		free(fp);
		if (p != NULL && r == 1)
			strvec_pushf(&c->flags, "%s=%s:%" PRId64, c->def->flag,
			    p, n);
		else if (p != NULL && r == 0 && ph != NULL)
			strvec_pushf(&c->flags, "%s=%s:%s", c->def->flag, p,
			    ph);
		free(p);
		free(ph);
		free(path);
	}
}

/*
 * devices: strings verbatim (the CLI's parser reads them as the user
 * meant, docker-py's does not); maps {PathOnHost, PathInContainer,
 * CgroupPermissions} joined with ':'.
 */
void
demit_devices(struct demit_ctx *c, const struct value *v)
{
	struct field f[] = {
		{ "PathOnHost", NULL, NULL }, { "PathInContainer", NULL, NULL },
		{ "CgroupPermissions", NULL, NULL },
	};
	struct buf b = BUF_INIT;
	char *path, *s[3], *fp;
	bool ok;

	if (!expect_kind(c, v, "devices", VAL_LIST, "list"))
		return;
	for (size_t i = 0; i < v->u.list.n; i++) {
		const struct value *it = v->u.list.items[i];

		path = path_index("devices", i);
		if (it->kind != VAL_OBJECT) {
			flag_text(c, "--device", scalar_text(c, it, path, K_STR,
			    "string or map"));
			free(path);
			continue;
		}
		if (!take_fields(c, it, path, f, 3, true)) {
			free(path);
			continue;
		}
		if (f[0].v == NULL) {
			demit_error(c, "'%s' needs 'PathOnHost'", path);
			free(path);
			continue;
		}
		ok = true;
		for (size_t j = 0; j < 3; j++) {
			s[j] = NULL;
			if (f[j].v == NULL)
				continue;
			fp = path_key(path, f[j].name);
			s[j] = str_text(c, f[j].v, fp);
			ok = ok && s[j] != NULL;
			free(fp);
		}
		if (ok) {
			buf_reset(&b);
			buf_puts(&b, s[0]);
			if (s[1] != NULL || s[2] != NULL)
				buf_printf(&b, ":%s", s[1] != NULL && *s[1] ?
				    s[1] : s[0]);
			if (s[2] != NULL && *s[2])
				buf_printf(&b, ":%s", s[2]);
			demit_flag(c, "--device", buf_str(&b));
		}
		for (size_t j = 0; j < 3; j++)
			free(s[j]);
		free(path);
	}
	buf_release(&b);
}

/*
 * ulimits: [{name, soft, hard}] (docker-py's Ulimit keys) to
 * --ulimit=name=soft[:hard].  With soft only, the CLI sets hard = soft
 * where docker-py sends hard 0 (which fails at start): the fix is kept.
 */
void
demit_ulimits(struct demit_ctx *c, const struct value *v)
{
	struct field f[] = {
		{ "name", "Name", NULL }, { "soft", "Soft", NULL },
		{ "hard", "Hard", NULL },
	};
	char *path, *fp, *name, *txt[2];
	int64_t n[2];
	int r[2];

	if (!expect_kind(c, v, "ulimits", VAL_LIST, "list"))
		return;
	for (size_t i = 0; i < v->u.list.n; i++) {
		const struct value *it = v->u.list.items[i];

		path = path_index("ulimits", i);
		if (!expect_kind(c, it, path, VAL_OBJECT, "map") ||
		    !take_fields(c, it, path, f, 3, false)) {
			free(path);
			continue;
		}
		if (f[0].v == NULL) {
			demit_error(c, "'%s' needs a 'name'", path);
			free(path);
			continue;
		}
		fp = path_key(path, "name");
		name = str_text(c, f[0].v, fp);
		free(fp);
		for (size_t j = 0; j < 2; j++) {
			n[j] = 0;
			txt[j] = NULL;
			r[j] = 1;
			if (f[j + 1].v == NULL)
				continue;
			fp = path_key(path, f[j + 1].name);
			r[j] = int_value(c, f[j + 1].v, fp, &n[j], &txt[j]);
			free(fp);
			if (r[j] == 1)
				txt[j] = xasprintf("%" PRId64, n[j]);
		}
		if (name != NULL && r[0] >= 0 && r[1] >= 0 && txt[0] != NULL &&
		    txt[1] == NULL && f[2].v == NULL)
			strvec_pushf(&c->flags, "--ulimit=%s=%s", name, txt[0]);
		else if (name != NULL && r[0] >= 0 && r[1] >= 0)
			strvec_pushf(&c->flags, "--ulimit=%s=%s:%s", name,
			    txt[0] != NULL ? txt[0] : "0",
			    txt[1] != NULL ? txt[1] : "0");
		free(name);
		free(txt[0]);
		free(txt[1]);
		free(path);
	}
}

/* ---- CSV values: --mount and --gpus ---- */

/*
 * Append f as a field of a Go encoding/csv record.  Quoted when it holds a
 * comma, a quote, CR or LF, or starts with a space (Go's fieldNeedsQuotes,
 * read loosely: any leading whitespace or non-ASCII byte is quoted too,
 * which the reader accepts all the same).
 */
void
demit_csv_field(struct buf *b, const char *f, bool first)
{
	unsigned char c0 = (unsigned char)f[0];

	if (!first)
		buf_putc(b, ',');
	if (strpbrk(f, ",\"\r\n") == NULL && c0 != ' ' &&
	    !(c0 >= '\t' && c0 <= '\r') && c0 < 0x80 &&
	    strcmp(f, "\\.") != 0) {
		buf_puts(b, f);
		return;
	}
	buf_putc(b, '"');
	for (; *f != '\0'; f++) {
		if (*f == '"')
			buf_putc(b, '"');
		buf_putc(b, *f);
	}
	buf_putc(b, '"');
}

/* Whether s starts or ends with whitespace the --mount parser refuses. */
static bool
edge_space(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && (ascii_space(s[0]) || ascii_space(s[n - 1]) ||
	    (unsigned char)s[0] == 0xc2 ||
	    (n >= 2 && (unsigned char)s[n - 2] == 0xc2 &&
	    ((unsigned char)s[n - 1] == 0x85 ||
	    (unsigned char)s[n - 1] == 0xa0)));
}

/* A CSV record being built, with its state. */
struct csvrec {
	struct buf b;
	bool first;
	bool ok;
};

/* Append "key=value" (or the bare key when value is NULL). */
static void
csv_kv(struct csvrec *r, const char *key, const char *value)
{
	char *f = value != NULL ? xasprintf("%s=%s", key, value) :
	    xstrdup(key);

	demit_csv_field(&r->b, f, r->first);
	r->first = false;
	free(f);
}

/*
 * The text of a string inside a --mount value: refuses CR (the CSV reader
 * turns CR LF into LF) and, when edges is set, surrounding whitespace.
 */
static char *
csv_text(struct demit_ctx *c, struct csvrec *r, const struct value *v,
    const char *path, bool edges)
{
	char *s = str_text(c, v, path);

	if (s == NULL) {
		r->ok = false;
		return NULL;
	}
	if (v->kind == VAL_STRING && strchr(s, '\r') != NULL) {
		demit_error(c, "invalid value for '%s': a carriage return "
		    "cannot be passed in a CSV flag value", path);
	} else if (v->kind == VAL_STRING && edges && edge_space(s)) {
		demit_error(c, "invalid value for '%s': the --mount flag "
		    "refuses leading or trailing whitespace", path);
	} else {
		return s;
	}
	free(s);
	r->ok = false;
	return NULL;
}

/* A bool member of a mount; false when absent, *ok cleared on error. */
static bool
field_bool(struct demit_ctx *c, struct csvrec *r, const struct value *v,
    const char *parent, const char *name, char **ph)
{
	char *path;
	bool b = false;
	int rc;

	*ph = NULL;
	if (v == NULL)
		return false;
	path = path_key(parent, name);
	rc = bool_value(c, v, path, &b, ph);
	free(path);
	if (rc < 0)
		r->ok = false;
	return rc == 1 && b;
}

/* Append key=<string member>, when present. */
static void
mount_str(struct demit_ctx *c, struct csvrec *r, const struct value *v,
    const char *parent, const char *name, const char *key)
{
	char *path, *s;

	if (v == NULL)
		return;
	path = path_key(parent, name);
	s = csv_text(c, r, v, path, true);
	free(path);
	if (s != NULL && *s != '\0')
		csv_kv(r, key, s);
	free(s);
}

/* Append key=k=v for each member of a map of strings. */
static void
mount_map(struct demit_ctx *c, struct csvrec *r, const struct value *v,
    const char *parent, const char *name, const char *key)
{
	char *path, *mp, *s, *kv;

	if (v == NULL)
		return;
	path = path_key(parent, name);
	if (!expect_kind(c, v, path, VAL_OBJECT, "map")) {
		r->ok = false;
		free(path);
		return;
	}
	for (size_t i = 0; i < v->u.obj.n; i++) {
		mp = path_key(path, v->u.obj.members[i].key);
		s = csv_text(c, r, v->u.obj.members[i].val, mp, true);
		if (s != NULL) {
			kv = xasprintf("%s=%s", v->u.obj.members[i].key, s);
			csv_kv(r, key, kv);
			free(kv);
		}
		free(s);
		free(mp);
	}
	free(path);
}

/* Report a mount option podman lacks. */
static void
podman_lacks(struct demit_ctx *c, struct csvrec *r, const char *path,
    const char *what)
{
	demit_error(c, "'%s' is not supported by '%s' (it has no --mount "
	    "option %s)", path, c->binary, what);
	r->ok = false;
}

/* An integer member of a mount; returns its text, or NULL. */
static char *
mount_int(struct demit_ctx *c, struct csvrec *r, const struct value *v,
    const char *parent, const char *name, int64_t max, bool octal)
{
	char *path, *ph;
	int64_t n;
	int rc;

	if (v == NULL)
		return NULL;
	path = path_key(parent, name);
	rc = int_value(c, v, path, &n, &ph);
	if (rc == 1 && (n < 0 || n > max)) {
		demit_error(c, "invalid value for '%s': %" PRId64, path, n);
		rc = -1;
	}
	free(path);
	if (rc < 0)
		r->ok = false;
	if (rc != 1)
		return ph;
	return octal ? xasprintf("%" PRIo64, n) : xasprintf("%" PRId64, n);
}

/* The BindOptions, VolumeOptions and TmpfsOptions of one mount. */
static void
mount_options(struct demit_ctx *c, struct csvrec *r, struct field *f,
    const char *path)
{
	struct field bo[] = {
		{ "Propagation", NULL, NULL }, { "NonRecursive", NULL, NULL },
		{ "CreateMountpoint", NULL, NULL },
	};
	struct field vo[] = {
		{ "NoCopy", NULL, NULL }, { "Labels", NULL, NULL },
		{ "DriverConfig", NULL, NULL }, { "Subpath", NULL, NULL },
	};
	struct field dc[] = {
		{ "Name", NULL, NULL }, { "Options", NULL, NULL },
	};
	struct field to[] = {
		{ "SizeBytes", NULL, NULL }, { "Mode", NULL, NULL },
	};
	char *p, *q, *ph, *s;

	if (f[0].v != NULL) {
		p = path_key(path, "BindOptions");
		if (expect_kind(c, f[0].v, p, VAL_OBJECT, "map") &&
		    take_fields(c, f[0].v, p, bo, 3, true)) {
			mount_str(c, r, bo[0].v, p, "Propagation",
			    "bind-propagation");
			if (field_bool(c, r, bo[1].v, p, "NonRecursive", &ph))
				csv_kv(r, c->opts->podman ?
				    "bind-nonrecursive" : "bind-recursive",
				    c->opts->podman ? NULL : "disabled");
			free(ph);
			if (field_bool(c, r, bo[2].v, p, "CreateMountpoint",
			    &ph)) {
				q = path_key(p, "CreateMountpoint");
				if (c->opts->podman)
					podman_lacks(c, r, q,
					    "bind-create-src");
				else
					csv_kv(r, "bind-create-src", NULL);
				free(q);
			}
			free(ph);
		} else {
			r->ok = false;
		}
		free(p);
	}
	if (f[1].v != NULL) {
		p = path_key(path, "VolumeOptions");
		if (expect_kind(c, f[1].v, p, VAL_OBJECT, "map") &&
		    take_fields(c, f[1].v, p, vo, 4, true)) {
			if (field_bool(c, r, vo[0].v, p, "NoCopy", &ph)) {
				q = path_key(p, "NoCopy");
				if (c->opts->podman)
					podman_lacks(c, r, q, "volume-nocopy");
				else
					csv_kv(r, "volume-nocopy", NULL);
				free(q);
			}
			free(ph);
			if (vo[1].v != NULL && c->opts->podman &&
			    !demit_falsy(vo[1].v)) {
				q = path_key(p, "Labels");
				podman_lacks(c, r, q, "volume-label");
				free(q);
			} else {
				mount_map(c, r, vo[1].v, p, "Labels",
				    "volume-label");
			}
			q = path_key(p, "DriverConfig");
			if (vo[2].v != NULL &&
			    expect_kind(c, vo[2].v, q, VAL_OBJECT, "map") &&
			    take_fields(c, vo[2].v, q, dc, 2, true)) {
				if (dc[0].v != NULL && c->opts->podman) {
					s = path_key(q, "Name");
					podman_lacks(c, r, s, "volume-driver");
					free(s);
				} else {
					mount_str(c, r, dc[0].v, q, "Name",
					    "volume-driver");
				}
				mount_map(c, r, dc[1].v, q, "Options",
				    "volume-opt");
			} else if (vo[2].v != NULL) {
				r->ok = false;
			}
			free(q);
			mount_str(c, r, vo[3].v, p, "Subpath",
			    "volume-subpath");
		} else {
			r->ok = false;
		}
		free(p);
	}
	if (f[2].v != NULL) {
		p = path_key(path, "TmpfsOptions");
		if (expect_kind(c, f[2].v, p, VAL_OBJECT, "map") &&
		    take_fields(c, f[2].v, p, to, 2, true)) {
			s = mount_int(c, r, to[0].v, p, "SizeBytes", INT64_MAX,
			    false);
			if (s != NULL && strcmp(s, "0") != 0)
				csv_kv(r, "tmpfs-size", s);
			free(s);
			/* The CLI reads tmpfs-mode in octal (opts/mount.go). */
			s = mount_int(c, r, to[1].v, p, "Mode", UINT32_MAX,
			    true);
			if (s != NULL && strcmp(s, "0") != 0)
				csv_kv(r, "tmpfs-mode", s);
			free(s);
		} else {
			r->ok = false;
		}
		free(p);
	}
}

/*
 * mounts: Engine Mount maps, sent raw by docker-py, to one CSV --mount
 * value each (mapping, mounts row).
 */
void
demit_mounts(struct demit_ctx *c, const struct value *v)
{
	struct field f[] = {
		{ "Type", NULL, NULL }, { "Source", NULL, NULL },
		{ "Target", NULL, NULL }, { "ReadOnly", NULL, NULL },
		{ "Consistency", NULL, NULL }, { "BindOptions", NULL, NULL },
		{ "VolumeOptions", NULL, NULL }, { "TmpfsOptions", NULL, NULL },
	};
	struct csvrec r;
	char *path, *ph;

	if (!expect_kind(c, v, "mounts", VAL_LIST, "list"))
		return;
	for (size_t i = 0; i < v->u.list.n; i++) {
		const struct value *it = v->u.list.items[i];

		path = path_index("mounts", i);
		if (!expect_kind(c, it, path, VAL_OBJECT, "map") ||
		    !take_fields(c, it, path, f, 8, true)) {
			free(path);
			continue;
		}
		if (f[2].v == NULL) {
			demit_error(c, "'%s' needs a 'Target'", path);
			free(path);
			continue;
		}
		r.b = (struct buf)BUF_INIT;
		r.first = true;
		r.ok = true;
		mount_str(c, &r, f[0].v, path, "Type", "type");
		mount_str(c, &r, f[1].v, path, "Source", "source");
		mount_str(c, &r, f[2].v, path, "Target", "target");
		if (field_bool(c, &r, f[3].v, path, "ReadOnly", &ph))
			csv_kv(&r, "readonly", NULL);
		else if (ph != NULL)
			csv_kv(&r, "readonly", ph);
		free(ph);
		mount_str(c, &r, f[4].v, path, "Consistency", "consistency");
		mount_options(c, &r, f + 5, path);
		if (r.ok)
			demit_flag(c, "--mount", buf_str(&r.b));
		buf_release(&r.b);
		free(path);
	}
}

/*
 * One device request for docker: driver=, count= or device=, then
 * capabilities= and options= (CLI opts/gpus.go).  The CLI always adds
 * "gpu" to the one capability set it can express.
 */
static void
gpus_docker(struct demit_ctx *c, struct field *f, const char *path,
    struct csvrec *r, char *driver, char *count, struct strvec *ids)
{
	struct buf inner = BUF_INIT;
	const struct value *caps = f[3].v, *set, *opt;
	char *p, *q, *s;
	bool first = true;

	if (driver != NULL && *driver != '\0')
		csv_kv(r, "driver", driver);
	if (ids->n > 0) {
		for (size_t i = 0; i < ids->n; i++) {
			if (i > 0)
				buf_putc(&inner, ',');
			buf_puts(&inner, ids->v[i]);
		}
		csv_kv(r, "device", buf_str(&inner));
		buf_reset(&inner);
	} else {
		csv_kv(r, "count", count != NULL ? count : "0");
	}
	if (caps != NULL) {
		p = path_key(path, "capabilities");
		if (!expect_kind(c, caps, p, VAL_LIST, "list")) {
			r->ok = false;
		} else if (caps->u.list.n > 1) {
			demit_error(c, "invalid value for '%s': the docker CLI "
			    "can express one capability set only", p);
			r->ok = false;
		} else if (caps->u.list.n == 1) {
			set = caps->u.list.items[0];
			q = path_index(p, 0);
			if (!expect_kind(c, set, q, VAL_LIST, "list"))
				r->ok = false;
			for (size_t i = 0; r->ok && i < set->u.list.n; i++) {
				s = path_index(q, i);
				free(q);
				q = s;
				s = csv_text(c, r, set->u.list.items[i], q,
				    false);
				if (s != NULL && strchr(s, ',') != NULL) {
					demit_error(c, "invalid value for '%s':"
					    " it cannot contain ','", q);
					r->ok = false;
				} else if (s != NULL) {
					if (i > 0)
						buf_putc(&inner, ',');
					buf_puts(&inner, s);
				}
				free(s);
			}
			free(q);
			if (r->ok && inner.len > 0)
				csv_kv(r, "capabilities", buf_str(&inner));
			buf_reset(&inner);
		}
		free(p);
	}
	if (f[4].v != NULL) {
		p = path_key(path, "options");
		if (!expect_kind(c, f[4].v, p, VAL_OBJECT, "map")) {
			r->ok = false;
		} else {
			/* options= holds a CSV record of its own. */
			for (size_t i = 0; i < f[4].v->u.obj.n; i++) {
				opt = f[4].v->u.obj.members[i].val;
				q = path_key(p, f[4].v->u.obj.members[i].key);
				s = csv_text(c, r, opt, q, false);
				if (s != NULL) {
					char *kv = xasprintf("%s=%s",
					    f[4].v->u.obj.members[i].key, s);

					demit_csv_field(&inner, kv, first);
					first = false;
					free(kv);
				}
				free(s);
				free(q);
			}
			if (inner.len > 0)
				csv_kv(r, "options", buf_str(&inner));
		}
		free(p);
	}
	buf_release(&inner);
}

/*
 * device_requests: docker-py's DeviceRequest keys (snake_case or the
 * Engine's) to one --gpus CSV each; driver "cdi" to --device per id;
 * podman takes only "all" or device ids (mapping §6).
 */
void
demit_device_requests(struct demit_ctx *c, const struct value *v)
{
	struct field f[] = {
		{ "driver", "Driver", NULL }, { "count", "Count", NULL },
		{ "device_ids", "DeviceIDs", NULL },
		{ "capabilities", "Capabilities", NULL },
		{ "options", "Options", NULL },
	};
	struct strvec ids = STRVEC_INIT;
	struct csvrec r;
	char *path, *p, *q, *driver, *count, *ph, *s;
	int64_t n = 0;
	int rc;

	if (!expect_kind(c, v, "device_requests", VAL_LIST, "list"))
		return;
	for (size_t i = 0; i < v->u.list.n; i++) {
		const struct value *it = v->u.list.items[i];

		path = path_index("device_requests", i);
		if (!expect_kind(c, it, path, VAL_OBJECT, "map") ||
		    !take_fields(c, it, path, f, 5, false)) {
			free(path);
			continue;
		}
		r.b = (struct buf)BUF_INIT;
		r.first = true;
		r.ok = true;
		driver = count = NULL;
		if (f[0].v != NULL) {
			p = path_key(path, "driver");
			driver = csv_text(c, &r, f[0].v, p, false);
			free(p);
		}
		if (f[1].v != NULL) {
			p = path_key(path, "count");
			rc = int_value(c, f[1].v, p, &n, &ph);
			free(p);
			if (rc < 0)
				r.ok = false;
			else if (rc == 0)
				count = ph;
			else if (n == -1)
				count = xstrdup("all");
			else
				count = xasprintf("%" PRId64, n);
		}
		if (f[2].v != NULL) {
			p = path_key(path, "device_ids");
			if (!expect_kind(c, f[2].v, p, VAL_LIST, "list"))
				r.ok = false;
			for (size_t j = 0; r.ok && j < f[2].v->u.list.n; j++) {
				q = path_index(p, j);
				s = csv_text(c, &r, f[2].v->u.list.items[j], q,
				    false);
				if (s != NULL)
					strvec_push_owned(&ids, s);
				free(q);
			}
			free(p);
		}
		if (r.ok && ids.n > 0 && count != NULL &&
		    strcmp(count, "0") != 0) {
			demit_error(c, "'%s' cannot have both 'count' and "
			    "'device_ids'", path);
			r.ok = false;
		}
		if (!r.ok) {
			/* reported */
		} else if (driver != NULL && strcmp(driver, "cdi") == 0) {
			if (ids.n == 0) {
				demit_error(c, "'%s' with driver \"cdi\" needs "
				    "'device_ids'", path);
				r.ok = false;
			}
			for (size_t j = 0; r.ok && j < ids.n; j++)
				demit_flag(c, "--device", ids.v[j]);
			r.ok = false;
		} else if (c->opts->podman) {
			if ((driver != NULL && *driver != '\0') ||
			    (f[3].v != NULL && !demit_falsy(f[3].v)) ||
			    (f[4].v != NULL && !demit_falsy(f[4].v))) {
				demit_error(c, "'%s': '%s' supports neither "
				    "driver, capabilities nor options in "
				    "--gpus", path, c->binary);
			} else if (ids.n > 0) {
				struct buf b = BUF_INIT;

				for (size_t j = 0; j < ids.n; j++)
					buf_printf(&b, "%s%s", j ? "," : "",
					    ids.v[j]);
				demit_flag(c, "--gpus", buf_str(&b));
				buf_release(&b);
			} else if (count != NULL && strcmp(count, "all") == 0) {
				demit_flag(c, "--gpus", "all");
			} else {
				demit_error(c, "'%s': '%s' takes count = -1 "
				    "(all) or device_ids only", path,
				    c->binary);
			}
			r.ok = false;
		} else {
			gpus_docker(c, f, path, &r, driver, count, &ids);
		}
		if (r.ok)
			demit_flag(c, "--gpus", buf_str(&r.b));
		buf_release(&r.b);
		strvec_release(&ids);
		free(driver);
		free(count);
		free(path);
	}
}

/* ---- healthcheck, log_config, restart_policy ---- */

/* A duration in ns: 0 or at least 1 ms, as the Engine requires. */
static void
health_duration(struct demit_ctx *c, const struct value *v, const char *key,
    const char *flag)
{
	char *path, *ph;
	int64_t n;
	int rc;

	if (v == NULL)
		return;
	path = path_key("healthcheck", key);
	rc = int_value(c, v, path, &n, &ph);
	if (rc == 1 && n != 0 && (n < 0 || n < 1000000))
		demit_error(c, "invalid value for '%s': %" PRId64 " (a "
		    "duration in nanoseconds: 0 or at least 1000000, one "
		    "millisecond)", path, n);
	else if (rc == 1 && n > 0)
		strvec_pushf(&c->flags, "%s=%" PRId64 "ns", flag, n);
	else if (rc == 0)
		flag_text(c, flag, ph), ph = NULL;
	free(ph);
	free(path);
}

/* The test of a healthcheck; false when it is ["NONE"]. */
static bool
health_test(struct demit_ctx *c, const struct value *t)
{
	struct buf b = BUF_INIT;
	struct strvec w = STRVEC_INIT;
	const char *kind;
	char *s, *path;

	if (t->kind == VAL_STRING || t->kind == VAL_UNKNOWN) {
		s = str_text(c, t, "healthcheck.test");
		if (s != NULL && *s != '\0')
			demit_flag(c, "--health-cmd", s);
		free(s);
		return true;
	}
	if (t->kind != VAL_LIST) {
		type_error(c, "healthcheck.test", "string or list", t);
		return true;
	}
	if (t->u.list.n == 0)
		return true;
	for (size_t i = 0; i < t->u.list.n; i++) {
		path = path_index("healthcheck.test", i);
		s = str_text(c, t->u.list.items[i], path);
		free(path);
		if (s == NULL) {
			strvec_release(&w);
			return true;
		}
		strvec_push_owned(&w, s);
	}
	kind = w.v[0];
	if (strcmp(kind, "NONE") == 0) {
		strvec_push(&c->flags, "--no-healthcheck");
		strvec_release(&w);
		return false;
	}
	if (strcmp(kind, "CMD-SHELL") == 0 && w.n == 2) {
		demit_flag(c, "--health-cmd", w.v[1]);
	} else if (strcmp(kind, "CMD") == 0 && w.n >= 2) {
		if (c->opts->podman) {
			/* podman takes the exec form as a JSON array. */
			buf_putc(&b, '[');
			for (size_t i = 1; i < w.n; i++) {
				if (i > 1)
					buf_putc(&b, ',');
				jsonw_string(&b, w.v[i], strlen(w.v[i]));
			}
			buf_putc(&b, ']');
		} else {
			shquote_argv(&b, w.v + 1);
			demit_warning(c, "'healthcheck.test' runs through "
			    "/bin/sh in the container: the docker CLI has no "
			    "exec form for --health-cmd");
		}
		demit_flag(c, "--health-cmd", buf_str(&b));
		buf_release(&b);
	} else {
		demit_error(c, "invalid value for 'healthcheck.test': expected "
		    "[\"CMD\", command...], [\"CMD-SHELL\", command] or "
		    "[\"NONE\"]");
	}
	strvec_release(&w);
	return true;
}

/*
 * healthcheck: docker-py's Healthcheck keys; durations are integers of
 * nanoseconds, written <N>ns (Go's time.ParseDuration reads them exactly).
 */
void
demit_healthcheck(struct demit_ctx *c, const struct value *v)
{
	struct field f[] = {
		{ "test", "Test", NULL }, { "interval", "Interval", NULL },
		{ "timeout", "Timeout", NULL },
		{ "start_period", "StartPeriod", NULL },
		{ "retries", "Retries", NULL },
	};
	char *ph;
	int64_t n;
	int rc;

	if (!expect_kind(c, v, "healthcheck", VAL_OBJECT, "map") ||
	    !take_fields(c, v, "healthcheck", f, 5, false))
		return;
	/* ["NONE"] with other --health-* flags is a CLI error. */
	if (f[0].v != NULL && !health_test(c, f[0].v))
		return;
	health_duration(c, f[1].v, "interval", "--health-interval");
	health_duration(c, f[2].v, "timeout", "--health-timeout");
	health_duration(c, f[3].v, "start_period", "--health-start-period");
	if (f[4].v != NULL) {
		rc = int_value(c, f[4].v, "healthcheck.retries", &n, &ph);
		if (rc == 1 && n < 0)
			demit_error(c, "invalid value for "
			    "'healthcheck.retries': %" PRId64, n);
		else if (rc == 1 && n > 0)
			strvec_pushf(&c->flags, "--health-retries=%" PRId64, n);
		else if (rc == 0)
			flag_text(c, "--health-retries", ph), ph = NULL;
		free(ph);
	}
}

/* Whether s is one of the NULL-terminated list. */
static bool
one_of(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* log_config: --log-driver=<type> and a --log-opt per config entry. */
void
demit_log_config(struct demit_ctx *c, const struct value *v)
{
	static const char *const pm_drivers[] = { "k8s-file", "journald",
		"none", "passthrough", "passthrough-tty", "json-file", NULL };
	static const char *const pm_opts[] = { "path", "max-size", "tag",
		"label", NULL };
	struct field f[] = {
		{ "type", "Type", NULL }, { "config", "Config", NULL },
	};
	const struct value *cfg;
	char *type = NULL, *path, *s;

	if (!expect_kind(c, v, "log_config", VAL_OBJECT, "map") ||
	    !take_fields(c, v, "log_config", f, 2, false))
		return;
	if (f[0].v != NULL) {
		type = str_text(c, f[0].v, "log_config.type");
		if (type == NULL)
			return;
		if (c->opts->podman && f[0].v->kind == VAL_STRING && *type &&
		    !one_of(type, pm_drivers)) {
			demit_error(c, "log driver '%s' is not supported by "
			    "'%s'", type, c->binary);
			free(type);
			return;
		}
		if (*type != '\0')
			demit_flag(c, "--log-driver", type);
	}
	cfg = f[1].v;
	if (cfg != NULL && expect_kind(c, cfg, "log_config.config", VAL_OBJECT,
	    "map") && cfg->u.obj.n > 0) {
		if (type != NULL && strcmp(type, "none") == 0)
			demit_error(c, "'log_config.config' cannot be used "
			    "with log driver \"none\"");
		for (size_t i = 0; i < cfg->u.obj.n; i++) {
			const struct val_member *m = &cfg->u.obj.members[i];

			if (c->opts->podman && !one_of(m->key, pm_opts)) {
				demit_error(c, "log option '%s' is not "
				    "supported by '%s'", m->key, c->binary);
				continue;
			}
			path = path_key("log_config.config", m->key);
			s = str_text(c, m->val, path);
			if (s != NULL)
				strvec_pushf(&c->flags, "--log-opt=%s=%s",
				    m->key, s);
			free(s);
			free(path);
		}
	}
	free(type);
}

/*
 * restart_policy: only {Name = "no"} (decisions §1): the engine cannot
 * restart a container while the task waits on it, and --restart
 * conflicts with --rm.
 */
void
demit_restart_policy(struct demit_ctx *c, const struct value *v)
{
	struct field f[] = {
		{ "Name", NULL, NULL }, { "MaximumRetryCount", NULL, NULL },
	};
	char *name;

	if (!expect_kind(c, v, "restart_policy", VAL_OBJECT, "map") ||
	    !take_fields(c, v, "restart_policy", f, 2, true) || f[0].v == NULL)
		return;
	name = str_text(c, f[0].v, "restart_policy.Name");
	if (name != NULL && f[0].v->kind == VAL_STRING && *name != '\0' &&
	    strcmp(name, "no") != 0) {
		demit_error(c, "restart policy '%s' is not supported: a task's "
		    "container is not restarted while the task waits on it; "
		    "use '_retry' to run the task again", name);
	}
	free(name);
}

/* ---- ports and volumes ---- */

/* Whether s is a decimal port in 1..65535. */
static bool
port_number(const char *s, size_t n)
{
	unsigned long p = 0;

	if (n == 0 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		p = p * 10 + (unsigned long)(s[i] - '0');
	}
	return p >= 1 && p <= 65535;
}

/* Whether a host port text is digits, or a range N-M. */
static bool
host_port_ok(const char *s)
{
	size_t a = strspn(s, "0123456789");

	if (s[a] == '\0')
		return true;
	return a > 0 && s[a] == '-' && s[a + 1] != '\0' &&
	    s[a + 1 + strspn(s + a + 1, "0123456789")] == '\0';
}

/* One --publish from a binding: host ip and port (either may be empty). */
static void
publish(struct demit_ctx *c, const char *ip, const char *hport,
    const char *cport)
{
	bool v6 = ip != NULL && strchr(ip, ':') != NULL && ip[0] != '[';

	if (ip == NULL || *ip == '\0') {
		if (*hport == '\0')
			demit_flag(c, "--publish", cport);
		else
			strvec_pushf(&c->flags, "--publish=%s:%s", hport,
			    cport);
	} else {
		strvec_pushf(&c->flags, "--publish=%s%s%s:%s:%s", v6 ? "[" : "",
		    ip, v6 ? "]" : "", hport, cport);
	}
}

/* A binding's host port: integer, string or null (random). */
static char *
host_port(struct demit_ctx *c, const struct value *v, const char *path)
{
	char *s;

	if (v == NULL || v->kind == VAL_NULL)
		return xstrdup("");
	if (v->kind == VAL_NUMBER && v->u.num.is_int &&
	    (v->u.num.i < 0 || v->u.num.i > 65535)) {
		demit_error(c, "invalid host port for '%s': %" PRId64, path,
		    v->u.num.i);
		return NULL;
	}
	s = scalar_text(c, v, path, K_STR | K_INT, "integer, string or null");
	if (s != NULL && v->kind == VAL_STRING && !host_port_ok(s)) {
		demit_error(c, "invalid host port for '%s': '%s'", path, s);
		free(s);
		return NULL;
	}
	return s;
}

/*
 * One binding of a container port: a port, null, or {HostIp, HostPort}
 * (HCL has no tuples: the map is how to bind an address).
 */
static void
port_binding(struct demit_ctx *c, const struct value *b, const char *path,
    const char *cport)
{
	struct field f[] = {
		{ "HostIp", NULL, NULL }, { "HostPort", NULL, NULL },
	};
	char *ip = NULL, *hp, *p;

	if (b->kind == VAL_LIST) {
		type_error(c, path, "integer, string, null or map", b);
		return;
	}
	if (b->kind != VAL_OBJECT) {
		if ((hp = host_port(c, b, path)) != NULL)
			publish(c, NULL, hp, cport);
		free(hp);
		return;
	}
	if (!take_fields(c, b, path, f, 2, false))
		return;
	if (!val_object_cget(b, "HostPort")) {
		demit_error(c, "'%s' needs a 'HostPort' (null for a random "
		    "port)", path);
		return;
	}
	p = path_key(path, "HostPort");
	hp = host_port(c, f[1].v, p);
	free(p);
	if (f[0].v != NULL) {
		p = path_key(path, "HostIp");
		ip = str_text(c, f[0].v, p);
		free(p);
		if (ip == NULL) {
			free(hp);
			return;
		}
	}
	if (hp != NULL)
		publish(c, ip, hp, cport);
	free(ip);
	free(hp);
}

/*
 * ports: {"PORT[/PROTO]" = binding or [bindings]}; one --publish per
 * binding, the protocol always written (docker-py adds /tcp).
 */
void
demit_ports(struct demit_ctx *c, const struct value *v)
{
	const char *key, *slash;
	char *cport, *path, *ip;
	size_t plen;

	if (!expect_kind(c, v, "ports", VAL_OBJECT, "map"))
		return;
	for (size_t i = 0; i < v->u.obj.n; i++) {
		const struct val_member *m = &v->u.obj.members[i];

		key = m->key;
		slash = strchr(key, '/');
		plen = slash != NULL ? (size_t)(slash - key) : strlen(key);
		if (!port_number(key, plen) || (slash != NULL &&
		    strcmp(slash, "/tcp") != 0 && strcmp(slash, "/udp") != 0 &&
		    strcmp(slash, "/sctp") != 0)) {
			demit_error(c, "invalid container port '%s' in 'ports':"
			    " expected PORT or PORT/PROTOCOL with a port in "
			    "1-65535 and protocol tcp, udp or sctp", key);
			continue;
		}
		cport = slash != NULL ? xstrdup(key) :
		    xasprintf("%s/tcp", key);
		path = path_key("ports", key);
		if (m->val->kind == VAL_UNKNOWN) {
			if ((ip = demit_placeholder(c, m->val)) != NULL)
				publish(c, NULL, ip, cport);
			free(ip);
		} else if (m->val->kind == VAL_LIST) {
			for (size_t j = 0; j < m->val->u.list.n; j++) {
				char *ip2 = path_index(path, j);

				port_binding(c, m->val->u.list.items[j], ip2,
				    cport);
				free(ip2);
			}
		} else {
			port_binding(c, m->val, path, cport);
		}
		free(path);
		free(cport);
	}
}

/*
 * volumes: {host = {bind, mode or ro}} to host:bind:mode (mode rw by
 * default), or a list of strings verbatim.  A map value that is a string
 * crashes docker-py, so it is an error here.
 */
void
demit_volumes(struct demit_ctx *c, const struct value *v)
{
	struct field f[] = {
		{ "bind", NULL, NULL }, { "mode", NULL, NULL },
		{ "ro", NULL, NULL },
	};
	char *path, *p, *bind, *mode, *ph;
	bool ro;

	if (v->kind == VAL_LIST) {
		demit_str_list(c, v);
		return;
	}
	if (!expect_kind(c, v, "volumes", VAL_OBJECT, "map or list"))
		return;
	for (size_t i = 0; i < v->u.obj.n; i++) {
		const struct val_member *m = &v->u.obj.members[i];

		path = path_key("volumes", m->key);
		if (!expect_kind(c, m->val, path, VAL_OBJECT, "map") ||
		    !take_fields(c, m->val, path, f, 3, false)) {
			free(path);
			continue;
		}
		if (f[0].v == NULL) {
			demit_error(c, "'%s' needs a 'bind' (the path in the "
			    "container)", path);
			free(path);
			continue;
		}
		if (f[1].v != NULL && f[2].v != NULL) {
			demit_error(c, "'%s' cannot have both 'ro' and 'mode'",
			    path);
			free(path);
			continue;
		}
		p = path_key(path, "bind");
		bind = str_text(c, f[0].v, p);
		free(p);
		mode = NULL;
		if (f[1].v != NULL) {
			p = path_key(path, "mode");
			mode = str_text(c, f[1].v, p);
			if (mode != NULL && *mode == '\0') {
				demit_error(c, "invalid value for '%s': the "
				    "mode is empty", p);
				free(mode);
				mode = NULL;
			}
			free(p);
		} else if (f[2].v != NULL) {
			p = path_key(path, "ro");
			if (bool_value(c, f[2].v, p, &ro, &ph) == 1)
				mode = xstrdup(ro ? "ro" : "rw");
			else
				mode = ph;
			free(p);
		} else {
			mode = xstrdup("rw");
		}
		if (bind != NULL && mode != NULL)
			strvec_pushf(&c->flags, "--volume=%s:%s:%s", m->key,
			    bind, mode);
		free(bind);
		free(mode);
		free(path);
	}
}
