#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hcl/json.h"
#include "util/jsonw.h"
#include "util/xmalloc.h"

#define JSON_FLUSH_AT (64 * 1024)

/* ---- output ---------------------------------------------------------- */

/* Start an output stream. */
void
json_out_init(struct json_out *o, FILE *fp, const struct source *src)
{
	memset(o, 0, sizeof(*o));
	o->fp = fp;
	o->src = src;
	buf_init(&o->b, 0);
}

/* Write what is buffered. */
static void
json_flush(struct json_out *o)
{
	if (o->b.len != 0 && o->err == 0 &&
	    fwrite(o->b.data, 1, o->b.len, o->fp) != o->b.len)
		o->err = errno != 0 ? errno : EIO;
	buf_reset(&o->b);
}

/* Flush when the buffer is big enough. */
static inline void
json_maybe_flush(struct json_out *o)
{
	if (o->b.len >= JSON_FLUSH_AT)
		json_flush(o);
}

/* Finish the stream. */
int
json_out_finish(struct json_out *o)
{
	json_flush(o);
	if (o->err == 0 && fflush(o->fp) != 0)
		o->err = errno != 0 ? errno : EIO;
	buf_release(&o->b);
	if (o->err != 0) {
		errno = o->err;
		return -1;
	}
	return 0;
}

/* Append raw text. */
void
json_out_raw(struct json_out *o, const char *s, size_t n)
{
	buf_append(&o->b, s, n);
	json_maybe_flush(o);
}

/* Newline plus four spaces per level, as Go's json.Indent. */
void
json_out_newline(struct json_out *o)
{
	char *d = buf_reserve(&o->b, 1 + 4 * (size_t)o->depth);

	d[0] = '\n';
	memset(d + 1, ' ', 4 * (size_t)o->depth);
	o->b.len += 1 + 4 * (size_t)o->depth;
	o->b.data[o->b.len] = '\0';
}

/*
 * A JSON string.  Printable ASCII without '"' or '\\' is copied as it is;
 * anything else goes through jsonw_string, which escapes control
 * characters and replaces bytes that are not UTF-8.
 */
static void
out_string(struct json_out *o, const char *s, size_t n)
{
	size_t i;
	char *d;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			break;
	}
	if (i < n) {
		jsonw_string(&o->b, s, n);
	} else {
		d = buf_reserve(&o->b, n + 2);
		d[0] = '"';
		memcpy(d + 1, s, n);
		d[n + 1] = '"';
		o->b.len += n + 2;
		o->b.data[o->b.len] = '\0';
	}
	json_maybe_flush(o);
}

/* Open an object or array that has members. */
static void
out_open(struct json_out *o, char c)
{
	buf_putc(&o->b, c);
	o->depth++;
}

/* Before a member: a comma unless it is the first, then a new line. */
static void
out_member(struct json_out *o, bool first)
{
	if (!first)
		buf_putc(&o->b, ',');
	json_out_newline(o);
}

/* Close an object or array opened with out_open. */
static void
out_close(struct json_out *o, char c)
{
	o->depth--;
	json_out_newline(o);
	buf_putc(&o->b, c);
}

/* "key": */
static void
out_key(struct json_out *o, const char *s, size_t n)
{
	out_string(o, s, n);
	buf_puts(&o->b, ": ");
}

/* ---- text of expressions -------------------------------------------- */

/* The source text of a span. */
static void
src_text(const struct json_out *o, struct span sp, const char **s,
    size_t *n)
{
	*s = o->src->text + sp.start;
	*n = sp.end - sp.start;
}

/* Shorten a buffer to len bytes, keeping its NUL. */
static void
text_cut(struct buf *b, size_t len)
{
	b->len = len;
	if (b->data != NULL)
		b->data[len] = '\0';
}

/* Append "${<source of e>}". */
static void
text_wrap(const struct json_out *o, struct buf *b, const struct ast_expr *e)
{
	const char *s;
	size_t n;

	src_text(o, e->span, &s, &n);
	buf_puts(b, "${");
	buf_append(b, s, n);
	buf_putc(b, '}');
}

/*
 * A number literal's text, made valid JSON: HCL allows leading zeros
 * ("007"), JSON does not.
 */
static void
number_text(struct buf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i + 1 < n && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9')
		i++;
	buf_append(b, s + i, n - i);
}

static void text_part(const struct json_out *o, struct buf *b,
    const struct ast_expr *e);

/* Append a template's text (tmccombs convertTemplate). */
static void
text_template(const struct json_out *o, struct buf *b,
    const struct ast_template *t)
{
	for (uint32_t i = 0; i < t->nparts; i++) {
		const struct ast_tpl_part *p = &t->parts[i];
		const char *s;
		size_t n, mark;

		switch (p->kind) {
		case AST_TPL_LITERAL:
			buf_append(b, p->u.lit.s, p->u.lit.len);
			break;
		case AST_TPL_INTERP:
			text_part(o, b, p->u.interp);
			break;
		case AST_TPL_IF:
			src_text(o, p->u.ifd->cond->span, &s, &n);
			buf_puts(b, "%{if ");
			buf_append(b, s, n);
			buf_putc(b, '}');
			text_template(o, b, &p->u.ifd->then_parts);
			mark = b->len;
			buf_puts(b, "%{else}");
			text_template(o, b, &p->u.ifd->else_parts);
			if (b->len == mark + 7)
				text_cut(b, mark); /* an empty else is left out */
			buf_puts(b, "%{endif}");
			break;
		case AST_TPL_FOR:
			src_text(o, p->u.ford->coll->span, &s, &n);
			buf_puts(b, "%{for ");
			if (p->u.ford->key_var != NULL) {
				buf_puts(b, p->u.ford->key_var);
				buf_puts(b, ", ");
			}
			buf_puts(b, p->u.ford->val_var);
			buf_puts(b, " in ");
			buf_append(b, s, n);
			buf_putc(b, '}');
			text_template(o, b, &p->u.ford->body);
			buf_puts(b, "%{endfor}");
			break;
		}
	}
}

/* Append an expression inside a template (tmccombs convertStringPart). */
static void
text_part(const struct json_out *o, struct buf *b, const struct ast_expr *e)
{
	const char *s;
	size_t n, mark;

	switch (e->kind) {
	case AST_LITERAL:
		switch (e->u.lit.kind) {
		case AST_LIT_STRING:
			buf_append(b, e->u.lit.s, e->u.lit.len);
			return;
		case AST_LIT_NUMBER:
			number_text(b, e->u.lit.s, e->u.lit.len);
			return;
		case AST_LIT_BOOL:
			buf_puts(b, e->u.lit.b ? "true" : "false");
			return;
		case AST_LIT_NULL:
			break;
		}
		break;
	case AST_TEMPLATE:
		text_template(o, b, &e->u.tpl);
		return;
	case AST_COND:
		/* tmccombs shows every conditional here as a directive. */
		src_text(o, e->u.cond.cond->span, &s, &n);
		buf_puts(b, "%{if ");
		buf_append(b, s, n);
		buf_putc(b, '}');
		text_part(o, b, e->u.cond.then_expr);
		mark = b->len;
		buf_puts(b, "%{else}");
		text_part(o, b, e->u.cond.else_expr);
		if (b->len == mark + 7)
			text_cut(b, mark);
		buf_puts(b, "%{endif}");
		return;
	default:
		break;
	}
	text_wrap(o, b, e);
}

/* ---- expressions ----------------------------------------------------- */

/* An object key's text (tmccombs convertKey). */
static void
key_text(const struct json_out *o, struct buf *b, const struct ast_expr *k)
{
	if (k->kind == AST_TRAVERSAL) {
		const char *s;
		size_t n;

		src_text(o, k->span, &s, &n);
		buf_append(b, s, n);
		return;
	}
	text_part(o, b, k);
}

/* A key of an object being written, for sorting. */
struct okey {
	size_t off;		/* in the key buffer */
	size_t len;
	uint32_t idx;		/* item index */
};

/* Bytewise order of two byte strings. */
static int
bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	if (c != 0)
		return c;
	return an < bn ? -1 : an > bn;
}

/* The key buffer okey_cmp reads (qsort has no context argument). */
static __thread const char *okey_text;

/* Order object keys, then items by source order. */
static int
okey_cmp(const void *a, const void *b)
{
	const struct okey *x = a, *y = b;
	int c = bytes_cmp(okey_text + x->off, x->len, okey_text + y->off,
	    y->len);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* An object constructor: sorted keys, the last of equal keys wins. */
static void
write_object(struct json_out *o, const struct ast_expr *e)
{
	uint32_t n = e->u.object.n, i;
	struct buf kb = BUF_INIT;
	struct okey *keys;
	bool first = true;

	if (n == 0) {
		buf_puts(&o->b, "{}");
		return;
	}
	keys = xreallocarray(NULL, n, sizeof(*keys));
	for (i = 0; i < n; i++) {
		keys[i].off = kb.len;
		key_text(o, &kb, e->u.object.items[i].key);
		keys[i].len = kb.len - keys[i].off;
		keys[i].idx = i;
	}
	okey_text = kb.data != NULL ? kb.data : "";
	qsort(keys, n, sizeof(*keys), okey_cmp);
	out_open(o, '{');
	for (i = 0; i < n; i++) {
		const char *kt = kb.data != NULL ? kb.data : "";

		if (i + 1 < n && bytes_cmp(kt + keys[i].off, keys[i].len,
		    kt + keys[i + 1].off, keys[i + 1].len) == 0)
			continue;	/* a later item sets this key again */
		out_member(o, first);
		first = false;
		out_key(o, kt + keys[i].off, keys[i].len);
		json_write_expr(o, e->u.object.items[keys[i].idx].value);
	}
	out_close(o, '}');
	free(keys);
	buf_release(&kb);
}

/* Write an expression's syntax form (tmccombs convertExpression). */
void
json_write_expr(struct json_out *o, const struct ast_expr *e)
{
	struct buf tb = BUF_INIT;
	const struct ast_expr *x;

	switch (e->kind) {
	case AST_LITERAL:
		switch (e->u.lit.kind) {
		case AST_LIT_NULL:
			buf_puts(&o->b, "null");
			return;
		case AST_LIT_BOOL:
			buf_puts(&o->b, e->u.lit.b ? "true" : "false");
			return;
		case AST_LIT_NUMBER:
			number_text(&o->b, e->u.lit.s, e->u.lit.len);
			return;
		case AST_LIT_STRING:
			out_string(o, e->u.lit.s, e->u.lit.len);
			return;
		}
		break;
	case AST_UNARY:
		x = e->u.unary.operand;
		if (x->kind != AST_LITERAL)
			break;
		if (e->u.unary.op == AST_OP_NEG && x->u.lit.kind ==
		    AST_LIT_NUMBER) {
			buf_putc(&o->b, '-');
			number_text(&o->b, x->u.lit.s, x->u.lit.len);
			return;
		}
		if (e->u.unary.op == AST_OP_NOT && x->u.lit.kind ==
		    AST_LIT_BOOL) {
			buf_puts(&o->b, x->u.lit.b ? "false" : "true");
			return;
		}
		break;
	case AST_TEMPLATE:
		if (e->u.tpl.nparts == 1 &&
		    e->u.tpl.parts[0].kind == AST_TPL_INTERP) {
			/* "${x}" is x itself (HCL's template unwrapping). */
			json_write_expr(o, e->u.tpl.parts[0].u.interp);
			return;
		}
		text_template(o, &tb, &e->u.tpl);
		out_string(o, tb.data != NULL ? tb.data : "", tb.len);
		buf_release(&tb);
		return;
	case AST_TUPLE:
		if (e->u.tuple.n == 0) {
			buf_puts(&o->b, "[]");
			return;
		}
		out_open(o, '[');
		for (uint32_t i = 0; i < e->u.tuple.n; i++) {
			out_member(o, i == 0);
			json_write_expr(o, e->u.tuple.items[i]);
		}
		out_close(o, ']');
		return;
	case AST_OBJECT:
		write_object(o, e);
		return;
	default:
		break;
	}
	text_wrap(o, &tb, e);
	out_string(o, tb.data, tb.len);
	buf_release(&tb);
}

/* ---- bodies ---------------------------------------------------------- */

/* One key of a body: an attribute or a block type. */
struct bent {
	const char *key;
	size_t len;
	const struct ast_attr *attr;	/* NULL for a block */
	const struct ast_block *block;
	uint32_t idx;			/* source order within its kind */
};

/* Order body keys; an attribute before blocks of the same name. */
static int
bent_cmp(const void *a, const void *b)
{
	const struct bent *x = a, *y = b;
	int c = bytes_cmp(x->key, x->len, y->key, y->len);

	if (c != 0)
		return c;
	if ((x->attr != NULL) != (y->attr != NULL))
		return x->attr != NULL ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The keys of a body, sorted; the caller frees. */
static struct bent *
body_keys(const struct ast_body *b, size_t *np)
{
	size_t n = (size_t)b->nattrs + b->nblocks, k = 0;
	struct bent *v = xreallocarray(NULL, n != 0 ? n : 1, sizeof(*v));

	for (uint32_t i = 0; i < b->nattrs; i++, k++) {
		v[k].key = b->attrs[i].name;
		v[k].len = strlen(b->attrs[i].name);
		v[k].attr = &b->attrs[i];
		v[k].block = NULL;
		v[k].idx = i;
	}
	for (uint32_t i = 0; i < b->nblocks; i++, k++) {
		v[k].key = b->blocks[i].type;
		v[k].len = strlen(b->blocks[i].type);
		v[k].attr = NULL;
		v[k].block = &b->blocks[i];
		v[k].idx = i;
	}
	qsort(v, n, sizeof(*v), bent_cmp);
	*np = n;
	return v;
}

/* A block and its source order, for grouping by label. */
struct bref {
	const struct ast_block *b;
	uint32_t idx;
};

/* The level a comparison of labels works on (qsort has no context). */
static __thread uint32_t bref_level;

/* Order blocks by their label at bref_level, then by source order. */
static int
bref_cmp(const void *a, const void *b)
{
	const struct bref *x = a, *y = b;
	const struct ast_label *lx = &x->b->labels[bref_level];
	const struct ast_label *ly = &y->b->labels[bref_level];
	int c = bytes_cmp(lx->s, lx->len, ly->s, ly->len);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Blocks sharing a key at label level `level`: all end there (a list of
 * bodies), or all go deeper (an object keyed by the next label).  Calls
 * write for output, or reports a conflict to dl when checking.
 */
struct blocks_ctx {
	struct json_out *o;		/* NULL when checking */
	const struct source *src;
	struct diag_list *dl;
	bool ok;
};

static void body_walk(struct blocks_ctx *c, const struct ast_body *b);

/* Write or check a group of blocks at a label level. */
static void
blocks_walk(struct blocks_ctx *c, struct bref *v, size_t n, uint32_t level)
{
	size_t ends = 0, i, j;

	for (i = 0; i < n; i++)
		if (v[i].b->nlabels == level)
			ends++;
	if (ends != 0 && ends != n) {
		/* Report the first block (in source order) of the minority. */
		const struct ast_block *bad = NULL, *other = NULL;

		for (i = 0; i < n; i++) {
			bool end = v[i].b->nlabels == level;
			const struct ast_block *blk = v[i].b;

			if (end == (ends * 2 <= n)) {
				if (bad == NULL || blk->span.start <
				    bad->span.start)
					bad = blk;
			} else if (other == NULL || blk->span.start <
			    other->span.start)
				other = blk;
		}
		if (c->dl != NULL)
			diag_set_detail(diag_error(c->dl, c->src, bad->type_span,
			    "block '%s' cannot be shown as JSON next to the "
			    "block on line %u", bad->type,
			    source_pos(c->src, other->span.start).line),
			    "hcl2json nests blocks by label, so the same key "
			    "would have to be both a list of bodies and an "
			    "object of labels");
		c->ok = false;
		return;
	}
	if (ends == n) {
		/* A list of bodies, in source order. */
		if (c->o != NULL)
			out_open(c->o, '[');
		for (i = 0; i < n; i++) {
			if (c->o != NULL)
				out_member(c->o, i == 0);
			body_walk(c, &v[i].b->body);
		}
		if (c->o != NULL)
			out_close(c->o, ']');
		return;
	}
	bref_level = level;
	qsort(v, n, sizeof(*v), bref_cmp);
	if (c->o != NULL)
		out_open(c->o, '{');
	for (i = 0; i < n; i = j) {
		const struct ast_label *l = &v[i].b->labels[level];

		for (j = i + 1; j < n; j++) {
			const struct ast_label *m = &v[j].b->labels[level];

			if (bytes_cmp(l->s, l->len, m->s, m->len) != 0)
				break;
		}
		if (c->o != NULL) {
			out_member(c->o, i == 0);
			out_key(c->o, l->s, l->len);
		}
		blocks_walk(c, v + i, j - i, level + 1);
		bref_level = level;
	}
	if (c->o != NULL)
		out_close(c->o, '}');
}

/* Write or check a body. */
static void
body_walk(struct blocks_ctx *c, const struct ast_body *b)
{
	struct json_out *o = c->o;
	size_t n, i, j;
	struct bent *v;

	if (b->nattrs == 0 && b->nblocks == 0) {
		if (o != NULL)
			buf_puts(&o->b, "{}");
		return;
	}
	v = body_keys(b, &n);
	if (o != NULL)
		out_open(o, '{');
	for (i = 0; i < n; i = j) {
		struct bref *refs;
		size_t k = 0;

		for (j = i + 1; j < n && bytes_cmp(v[i].key, v[i].len, v[j].key,
		    v[j].len) == 0; j++)
			;
		if (v[i].attr != NULL) {
			if (j > i + 1) {
				/* Sorted first, so v[i + 1] is a block. */
				if (c->dl != NULL)
					diag_set_detail(diag_error(c->dl, c->src,
					    v[i + 1].block->type_span,
					    "block '%s' cannot be shown as JSON: "
					    "an attribute has the same name",
					    v[i + 1].key),
					    "the attribute '%s' is on line %u",
					    v[i].key, source_pos(c->src,
					    v[i].attr->name_span.start).line);
				c->ok = false;
				continue;
			}
			if (o != NULL) {
				int r = 1;

				out_member(o, i == 0);
				out_key(o, v[i].key, v[i].len);
				if (o->attr_cb != NULL)
					r = o->attr_cb(o, v[i].attr, o->attr_arg);
				if (r == 1)
					json_write_expr(o, v[i].attr->expr);
				else if (r < 0)
					c->ok = false;
				json_maybe_flush(o);
			}
			continue;
		}
		refs = xreallocarray(NULL, j - i, sizeof(*refs));
		for (size_t m = i; m < j; m++, k++) {
			refs[k].b = v[m].block;
			refs[k].idx = v[m].idx;
		}
		if (o != NULL) {
			out_member(o, i == 0);
			out_key(o, v[i].key, v[i].len);
		}
		blocks_walk(c, refs, k, 0);
		free(refs);
	}
	if (o != NULL)
		out_close(o, '}');
	free(v);
}

/* Check a body for what JSON cannot show. */
bool
json_check_body(const struct ast_body *b, const struct source *src,
    struct diag_list *dl)
{
	struct blocks_ctx c = { NULL, src, dl, true };

	body_walk(&c, b);
	return c.ok;
}

/* Write a body and a final newline. */
void
json_write_body(struct json_out *o, const struct ast_body *b)
{
	struct blocks_ctx c = { o, o->src, NULL, true };

	body_walk(&c, b);
	buf_putc(&o->b, '\n');
	json_flush(o);
}
