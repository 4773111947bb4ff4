#include "config.h"

#include <errno.h>
#include <string.h>

#include "eval/func_lib.h"
#include "util/utf8.h"

/* Write v as JSON with opts into a new string value, or report why not. */
static const struct value *
json_result(struct func_call *call, const struct value *v,
    const struct val_json_opts *opts)
{
	struct buf b = BUF_INIT;
	const struct value *r;

	if (val_to_json(&b, v, opts) != 0) {
		buf_release(&b);
		/* Arguments are never unknown, so only EDOM is possible. */
		return func_error(call, 0, "infinities and nan have no JSON "
		    "form");
	}
	r = val_string(call->arena, b.data != NULL ? b.data : "", b.len);
	buf_release(&b);
	return r;
}

/*
 * tojson(v, {indent, sort_keys, separators, ensure_ascii}...): JSON text
 * as Python's json.dumps writes it.
 */
static const struct value *
fn_tojson(struct func_call *call)
{
	struct val_json_opts o = { -1, false, ", ", ": ", false, true };
	const struct value *indent = func_opt(call, "indent");
	const struct value *sort = func_opt(call, "sort_keys");
	const struct value *seps = func_opt(call, "separators");
	const struct value *ascii = func_opt(call, "ensure_ascii"), *b;
	int64_t n;

	if (indent != NULL && indent->kind != VAL_NULL) {
		b = val_to_number(call->arena, indent);
		if (b == NULL || !val_number_int64(b, &n))
			return func_opt_error(call, "indent", "whole number "
			    "required, got %s", func_kind(indent));
		/* Python: a negative indent still breaks lines. */
		o.indent = n < 0 ? 0 : n > 64 ? 64 : (int)n;
		o.item_sep = ",";
	}
	if (sort != NULL) {
		if ((b = val_to_bool(sort)) == NULL)
			return func_opt_error(call, "sort_keys", "bool "
			    "required, got %s", func_kind(sort));
		/* Objects are always in key order here. */
		o.sort_keys = b->u.b;
	}
	if (seps != NULL && seps->kind != VAL_NULL) {
		if (seps->kind != VAL_LIST || seps->u.list.n != 2 ||
		    seps->u.list.items[0]->kind != VAL_STRING ||
		    seps->u.list.items[1]->kind != VAL_STRING)
			return func_opt_error(call, "separators", "a list of "
			    "two strings required (item and key separators)");
		o.item_sep = seps->u.list.items[0]->u.str.s;
		o.key_sep = seps->u.list.items[1]->u.str.s;
	}
	if (ascii != NULL) {
		if ((b = val_to_bool(ascii)) == NULL)
			return func_opt_error(call, "ensure_ascii", "bool "
			    "required, got %s", func_kind(ascii));
		o.ascii = b->u.b;
	}
	return json_result(call, call->args[0], &o);
}

/* jsonencode(v): compact JSON, UTF-8 kept as it is (Terraform). */
static const struct value *
fn_jsonencode(struct func_call *call)
{
	return json_result(call, call->args[0], NULL);
}

/* jsondecode(str): the value the JSON text holds. */
static const struct value *
fn_jsondecode(struct func_call *call)
{
	const struct value *s = func_arg_string(call, 0), *v;
	const char *err = NULL;
	int line = 0, col = 0;

	if (s == NULL)
		return NULL;
	v = val_from_json(call->arena, s->u.str.s, s->u.str.len, &err, &line,
	    &col);
	if (v == NULL)
		return func_error(call, 0, "invalid JSON at line %d, column "
		    "%d: %s", line, col, err);
	return v;
}

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* base64encode(str): standard Base64 (RFC 4648) with padding. */
static const struct value *
fn_base64encode(struct func_call *call)
{
	const struct value *s = func_arg_string(call, 0);
	const unsigned char *p;
	size_t n, i, k = 0;
	char *out;
	uint32_t w;

	if (s == NULL)
		return NULL;
	p = (const unsigned char *)s->u.str.s;
	n = s->u.str.len;
	out = arena_alloc(call->arena, (n + 2) / 3 * 4 + 1);
	for (i = 0; i + 2 < n; i += 3) {
		w = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[k++] = b64_alphabet[w >> 18];
		out[k++] = b64_alphabet[(w >> 12) & 63];
		out[k++] = b64_alphabet[(w >> 6) & 63];
		out[k++] = b64_alphabet[w & 63];
	}
	if (i < n) {
		w = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
		out[k++] = b64_alphabet[w >> 18];
		out[k++] = b64_alphabet[(w >> 12) & 63];
		out[k++] = i + 1 < n ? b64_alphabet[(w >> 6) & 63] : '=';
		out[k++] = '=';
	}
	out[k] = '\0';
	return val_string(call->arena, out, k);
}

/* The 6-bit value of a Base64 character, or -1. */
static int
b64_value(unsigned char c)
{
	const char *p = c != '\0' ? strchr(b64_alphabet, c) : NULL;

	return p != NULL ? (int)(p - b64_alphabet) : -1;
}

/*
 * base64decode(str): the bytes standard Base64 (with padding) encodes,
 * which must be UTF-8 text, as in Terraform.
 */
static const struct value *
fn_base64decode(struct func_call *call)
{
	const struct value *s = func_arg_string(call, 0);
	const unsigned char *p;
	size_t n, i, k = 0, pad = 0, bad;
	char *out;
	uint32_t w;
	int d;

	if (s == NULL)
		return NULL;
	p = (const unsigned char *)s->u.str.s;
	n = s->u.str.len;
	if (n % 4 != 0)
		return func_error(call, 0, "invalid Base64: length %zu is not "
		    "a multiple of 4", n);
	if (n > 0 && p[n - 1] == '=')
		pad = n > 1 && p[n - 2] == '=' ? 2 : 1;
	out = arena_alloc(call->arena, n / 4 * 3 + 1);
	for (i = 0; i < n; i += 4) {
		w = 0;
		for (size_t j = 0; j < 4; j++) {
			if (i + j >= n - pad) {
				w <<= 6;
				continue;
			}
			if ((d = b64_value(p[i + j])) < 0)
				return func_error(call, 0, "invalid Base64: "
				    "unexpected character at offset %zu", i + j);
			w = w << 6 | (uint32_t)d;
		}
		out[k++] = (char)(w >> 16);
		if (i + 4 < n || pad < 2)
			out[k++] = (char)(w >> 8);
		if (i + 4 < n || pad < 1)
			out[k++] = (char)w;
		/* The bits padding drops must be zero (canonical input). */
		if (i + 4 == n && ((pad == 2 && (w & 0xffff) != 0) ||
		    (pad == 1 && (w & 0xff) != 0)))
			return func_error(call, 0, "invalid Base64: unexpected "
			    "bits before the padding");
	}
	out[k] = '\0';
	if ((bad = utf8_invalid_at(out, k)) < k)
		return func_error(call, 0, "the decoded bytes are not UTF-8 "
		    "text (byte %zu)", bad);
	return val_string(call->arena, out, k);
}

static const char *const p_value[] = { "value", NULL };
static const char *const p_str[] = { "str", NULL };
static const char *const o_tojson[] = { "indent", "sort_keys", "separators",
	"ensure_ascii", NULL };

const struct func_def func_encoding_defs[] = {
	{ "base64decode", 1, 1, NULL, fn_base64decode, p_str },
	{ "base64encode", 1, 1, NULL, fn_base64encode, p_str },
	{ "jsondecode", 1, 1, NULL, fn_jsondecode, p_str },
	{ "jsonencode", 1, 1, NULL, fn_jsonencode, p_value },
	{ "tojson", 1, 1, o_tojson, fn_tojson, p_value },
};
const size_t func_encoding_ndefs = sizeof(func_encoding_defs) /
    sizeof(func_encoding_defs[0]);
