#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "eval/func.h"
#include "eval/func_lib.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* Every function, sorted by name on first use. */
static const struct func_def **func_all;
static const char **func_all_names;
static size_t func_nall;

/* qsort comparator: by name. */
static int
func_def_compare(const void *pa, const void *pb)
{
	const struct func_def *const *a = pa, *const *b = pb;

	return strcmp((*a)->name, (*b)->name);
}

/* Add one family's table to the registry under construction. */
static void
func_add_family(const struct func_def *defs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		func_all[func_nall++] = &defs[i];
}

/* Build the sorted registry once; the tables are static. */
static void
func_registry_init(void)
{
	size_t total;

	if (func_all != NULL)
		return;
	total = func_string_ndefs + func_collection_ndefs +
	    func_number_ndefs + func_encoding_ndefs + func_time_ndefs +
	    func_file_ndefs;
	func_all = xreallocarray(NULL, total, sizeof(*func_all));
	func_add_family(func_string_defs, func_string_ndefs);
	func_add_family(func_collection_defs, func_collection_ndefs);
	func_add_family(func_number_defs, func_number_ndefs);
	func_add_family(func_encoding_defs, func_encoding_ndefs);
	func_add_family(func_time_defs, func_time_ndefs);
	func_add_family(func_file_defs, func_file_ndefs);
	qsort(func_all, func_nall, sizeof(*func_all), func_def_compare);
	func_all_names = xreallocarray(NULL, func_nall,
	    sizeof(*func_all_names));
	for (size_t i = 0; i < func_nall; i++) {
		if (i > 0 && strcmp(func_all[i - 1]->name,
		    func_all[i]->name) == 0)
			fatal("function '%s' defined twice", func_all[i]->name);
		func_all_names[i] = func_all[i]->name;
	}
}

/* Binary search for a function by name. */
const struct func_def *
func_lookup(const char *name)
{
	size_t lo = 0, hi, mid;
	int c;

	func_registry_init();
	hi = func_nall;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, func_all[mid]->name);
		if (c == 0)
			return func_all[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Every function name, in alphabetical order. */
const char *const *
func_names(size_t *n)
{
	func_registry_init();
	*n = func_nall;
	return func_all_names;
}

/* The name of parameter i of the called function, for messages. */
static const char *
func_param_name(const struct func_call *call, size_t i)
{
	const char *const *p;
	size_t k;

	if (call->def == NULL || call->def->params == NULL ||
	    call->def->params[0] == NULL)
		return "argument";
	p = call->def->params;
	for (k = 0; k < i && p[k + 1] != NULL; k++)
		;
	return p[k];
}

/* The span of argument i, or of the whole call when unknown. */
static struct span
func_arg_span(const struct func_call *call, int argi)
{
	if (argi >= 0 && call->arg_spans != NULL && (size_t)argi < call->nargs)
		return call->arg_spans[argi];
	return call->span;
}

/* Report an error about an argument or the call; returns NULL. */
const struct value *
func_error(struct func_call *call, int argi, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (argi >= 0)
		diag_error(call->diags, call->src, func_arg_span(call, argi),
		    "invalid value for '%s' in '%s': %s",
		    func_param_name(call, (size_t)argi), call->name, msg);
	else
		diag_error(call->diags, call->src, call->span, "%s", msg);
	free(msg);
	return NULL;
}

/* Report a bad option value; returns NULL. */
const struct value *
func_opt_error(struct func_call *call, const char *name, const char *fmt,
    ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_error(call->diags, call->src, call->span,
	    "invalid value for option '%s' in '%s': %s", name, call->name, msg);
	free(msg);
	return NULL;
}

/* "1 argument", "2 arguments". */
static const char *
func_plural(int n)
{
	return n == 1 ? "argument" : "arguments";
}

/* Check the argument count; reports and returns false when it is wrong. */
static bool
func_check_arity(const struct func_def *def, struct func_call *call)
{
	size_t n = call->nargs;
	int lo = def->min_args, hi = def->max_args;

	if (n >= (size_t)lo && (hi == FUNC_VARIADIC || n <= (size_t)hi))
		return true;
	if (hi == FUNC_VARIADIC)
		func_error(call, -1, "function '%s' takes at least %d %s, got %zu",
		    def->name, lo, func_plural(lo), n);
	else if (lo == hi)
		func_error(call, -1, "function '%s' takes %d %s, got %zu",
		    def->name, lo, func_plural(lo), n);
	else if (hi == lo + 1)
		func_error(call, -1, "function '%s' takes %d or %d arguments, "
		    "got %zu", def->name, lo, hi, n);
	else
		func_error(call, -1, "function '%s' takes %d to %d arguments, "
		    "got %zu", def->name, lo, hi, n);
	return false;
}

/* Set a detail listing the options def takes. */
static void
func_list_options(struct diag *d, const struct func_def *def)
{
	struct buf b = BUF_INIT;

	for (size_t k = 0; def->opt_names[k] != NULL; k++)
		(void)buf_printf(&b, "%s'%s'", k > 0 ? ", " : "",
		    def->opt_names[k]);
	diag_set_detail(d, "'%s' takes the options %s", def->name,
	    buf_str(&b));
	buf_release(&b);
}

/* Check the option names; reports each unknown one. */
static bool
func_check_opts(const struct func_def *def, struct func_call *call)
{
	const struct value *o = call->opts;
	const char *const *names = def->opt_names;
	size_t nnames = 0, i;
	bool ok = true;
	const char *best;
	struct diag *d;

	if (o == NULL)
		return true;
	if (o->kind != VAL_OBJECT) {
		func_error(call, -1, "options for '%s' must be an object, got %s",
		    def->name, func_kind(o));
		return false;
	}
	if (o->u.obj.n > 0 && names == NULL) {
		func_error(call, -1, "function '%s' takes no options",
		    def->name);
		return false;
	}
	while (names != NULL && names[nnames] != NULL)
		nnames++;
	for (i = 0; i < o->u.obj.n; i++) {
		const char *key = o->u.obj.members[i].key;
		size_t k;

		for (k = 0; k < nnames; k++)
			if (strcmp(key, names[k]) == 0)
				break;
		if (k < nnames)
			continue;
		ok = false;
		d = diag_error(call->diags, call->src, call->span,
		    "unknown option '%s' for '%s'", key, def->name);
		best = diag_suggest(key, names, nnames);
		if (best != NULL)
			diag_set_detail(d, "did you mean '%s'?", best);
		else
			func_list_options(d, def);
	}
	return ok;
}

/* Check the call against the definition, then run it. */
const struct value *
func_invoke(const struct func_def *def, struct func_call *call)
{
	call->def = def;
	if (call->name == NULL)
		call->name = def->name;
	if (!func_check_arity(def, call) || !func_check_opts(def, call))
		return NULL;
	return def->impl(call);
}

/* Argument i converted to a string. */
const struct value *
func_arg_string(struct func_call *call, size_t i)
{
	const struct value *v = val_to_string(call->arena, call->args[i]);

	if (v == NULL)
		return func_error(call, (int)i, "string required, got %s",
		    func_kind(call->args[i]));
	return v;
}

/* Argument i converted to a number. */
const struct value *
func_arg_number(struct func_call *call, size_t i)
{
	const struct value *v = val_to_number(call->arena, call->args[i]);

	if (v == NULL) {
		if (call->args[i]->kind == VAL_STRING)
			return func_error(call, (int)i,
			    "number required, got a string that is not a "
			    "number");
		return func_error(call, (int)i, "number required, got %s",
		    func_kind(call->args[i]));
	}
	return v;
}

/* Argument i as an int64 whole number. */
bool
func_arg_int(struct func_call *call, size_t i, int64_t *out)
{
	const struct value *v = func_arg_number(call, i);
	struct buf b = BUF_INIT;

	if (v == NULL)
		return false;
	if (val_number_int64(v, out))
		return true;
	(void)val_number_format(&b, v);
	func_error(call, (int)i, "whole number required, got %s", buf_str(&b));
	buf_release(&b);
	return false;
}

/* Argument i converted to a bool. */
const struct value *
func_arg_bool(struct func_call *call, size_t i)
{
	const struct value *v = val_to_bool(call->args[i]);

	if (v == NULL)
		return func_error(call, (int)i, "bool required, got %s",
		    func_kind(call->args[i]));
	return v;
}

/* Argument i of exactly the given kind. */
const struct value *
func_arg_kind(struct func_call *call, size_t i, enum val_kind kind)
{
	if (call->args[i]->kind != kind)
		return func_error(call, (int)i, "%s required, got %s",
		    val_kind_name(kind), func_kind(call->args[i]));
	return call->args[i];
}

/* An option's value, or NULL. */
const struct value *
func_opt(const struct func_call *call, const char *name)
{
	if (call->opts == NULL)
		return NULL;
	return val_object_cget(call->opts, name);
}

/* Bytes in the UTF-8 character at s (1 for a stray byte). */
size_t
func_char_len(const char *s, size_t n)
{
	uint32_t cp;
	size_t len = utf8_decode(s, n, &cp);

	return len == 0 ? 1 : len;
}

/* Characters in n bytes. */
size_t
func_char_count(const char *s, size_t n)
{
	size_t i = 0, count = 0;

	while (i < n) {
		i += func_char_len(s + i, n - i);
		count++;
	}
	return count;
}
