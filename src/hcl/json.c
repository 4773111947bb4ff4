#include "config.h"

#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hcl/json.h"
#include "util/utf8.h"
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
	buf_init(&o->text, 0);
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
	buf_release(&o->text);
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

/*
 * Room for n more bytes at the end of a buffer (the output or the text
 * stack).  Neither has a cap, so buf_reserve cannot fail; the common case
 * (room enough) stays inline.  Write at most n bytes there, then call
 * text_commit.
 */
static inline char *
text_room(struct buf *b, size_t n)
{
	if (b->data == NULL || b->alloc - b->len < n + 1)
		return buf_reserve(b, n);
	return b->data + b->len;
}

/* Count the bytes written at text_room's pointer, keeping the NUL. */
static inline void
text_commit(struct buf *b, size_t n)
{
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append n bytes to a buffer (s may be NULL when n is 0). */
static inline void
text_add(struct buf *b, const char *s, size_t n)
{
	char *d = text_room(b, n);

	if (n != 0)
		memcpy(d, s, n);
	text_commit(b, n);
}

/* Append a string constant to a buffer. */
#define TEXT_LIT(b, lit) text_add((b), (lit), sizeof(lit) - 1)

/* Room for n more bytes of output (see text_room). */
static inline char *
out_room(struct json_out *o, size_t n)
{
	return text_room(&o->b, n);
}

/* Count the output written at out_room's pointer. */
static inline void
out_commit(struct json_out *o, size_t n)
{
	text_commit(&o->b, n);
}

/* Append n bytes. */
static inline void
out_bytes(struct json_out *o, const char *s, size_t n)
{
	text_add(&o->b, s, n);
}

/* Append a string constant. */
#define OUT_LIT(o, lit) out_bytes((o), (lit), sizeof(lit) - 1)

/* Append one byte. */
static inline void
out_putc(struct json_out *o, char c)
{
	*out_room(o, 1) = c;
	out_commit(o, 1);
}

/* Indentation is copied from this run, sixteen spaces at a time. */
static const char json_spaces[] = "                ";

/*
 * A comma when asked, then a newline plus four spaces per level, as Go's
 * json.Indent.  Two copies cover eight levels, deeper ones loop; the last
 * copy may write past the indentation, into the room asked for.
 */
static inline void
out_indent(struct json_out *o, bool comma)
{
	size_t n = 4 * (size_t)o->depth;
	char *d = out_room(o, 2 + n + 32);

	*d = ',';
	d += comma;
	*d++ = '\n';
	memcpy(d, json_spaces, 16);
	memcpy(d + 16, json_spaces, 16);
	for (size_t k = 32; k < n; k += 16)
		memcpy(d + k, json_spaces, 16);
	out_commit(o, (size_t)comma + 1 + n);
}

/* Newline and indentation for the current depth. */
void
json_out_newline(struct json_out *o)
{
	out_indent(o, false);
}

/* Eight copies of byte b. */
#define BYTES8(b) ((uint64_t)(b) * UINT64_C(0x0101010101010101))

/*
 * The n bytes at s (1 to 8) as a word, s[0] in the low byte whatever the
 * host's byte order, the missing high bytes zero.  Short pieces are read
 * as two overlapping loads, so no byte past s + n is touched.
 */
static inline uint64_t
word_load(const char *s, size_t n)
{
	uint64_t w;
	uint32_t a, b;
	uint16_t x, y;

	if (n >= 8) {
		memcpy(&w, s, 8);
		return le64toh(w);
	}
	if (n >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		return le32toh(a) | (uint64_t)le32toh(b) << 8 * (n - 4);
	}
	if (n >= 2) {
		memcpy(&x, s, 2);
		memcpy(&y, s + n - 2, 2);
		return le16toh(x) | (uint64_t)le16toh(y) << 8 * (n - 2);
	}
	return (unsigned char)s[0];
}

/* The low n bytes (1 to 8) of a word set, the others clear. */
#define WORD_LOW_BYTES(n) (UINT64_MAX >> (64 - 8 * (n)))

/* Store the eight bytes of a word_load word at d. */
static inline void
word_store(char *d, uint64_t w)
{
	w = htole64(w);
	memcpy(d, &w, 8);
}

/*
 * The bytes of a word_load word that need escaping in a JSON string:
 * below 0x20, 0x7f and above, '"' or '\\'.  Each such byte has its high
 * bit set in the result, and the lowest bit set is exactly the first byte
 * to escape.  Each term flags its own bytes by the high bit: w itself the
 * bytes from 0x80, w + 0x01.. the byte 0x7f, w - 0x20.. the bytes below
 * 0x20, and x - 0x01.. with x = w ^ c.. the bytes equal to c; the other
 * bytes a term flags are from 0x80 (flagged by w anyway) or above a byte
 * it flags (a carry or borrow only runs upwards), never below the first.
 */
static inline uint64_t
json_word_special(uint64_t w)
{
	return (w | (w + BYTES8(1)) | (w - BYTES8(0x20)) |
	    ((w ^ BYTES8('"')) - BYTES8(1)) |
	    ((w ^ BYTES8('\\')) - BYTES8(1))) & BYTES8(0x80);
}

/* Input bytes escaped per out_room call, so the room asked stays small. */
#define OUT_STRING_CHUNK 4096

/*
 * Escape s[*ip..stop) into d and return the end of what was written; n
 * bounds the UTF-8 decoding.  d must have room for six bytes per input
 * byte, plus four: then while a byte is left there are ten bytes of room,
 * enough for the eight that every word store writes (only the bytes found
 * plain are kept), and a UTF-8 sequence that starts before stop may end
 * after it.
 */
static char *
out_escape(char *d, const char *s, size_t *ip, size_t stop, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = *ip;

	while (i < stop) {
		size_t left = stop - i, k;
		uint64_t w = word_load(s + i, left), sp = json_word_special(w);
		unsigned char c;
		uint32_t cp;

		if (left < 8)
			sp &= WORD_LOW_BYTES(left);
		/* Copy the word; keep the bytes before the first special. */
		word_store(d, w);
		if (sp == 0) {
			k = left < 8 ? left : 8;
			d += k;
			i += k;
			continue;
		}
		k = (size_t)__builtin_ctzll(sp) / 8;
		d += k;
		i += k;
		c = (unsigned char)s[i];
		if (c >= 0x80) {
			if ((k = utf8_decode(s + i, n - i, &cp)) == 0) {
				memcpy(d, "\xef\xbf\xbd", 3);
				d += 3;
				i++;
			} else {
				memcpy(d, s + i, k);
				d += k;
				i += k;
			}
			continue;
		}
		*d++ = '\\';
		switch (c) {
		case '"':
		case '\\':
			*d++ = (char)c;
			break;
		case '\n':
			*d++ = 'n';
			break;
		case '\r':
			*d++ = 'r';
			break;
		case '\t':
			*d++ = 't';
			break;
		case '\b':
			*d++ = 'b';
			break;
		case '\f':
			*d++ = 'f';
			break;
		default:
			memcpy(d, "u00", 3);
			d[3] = hex[c >> 4];
			d[4] = hex[c & 0xf];
			d += 5;
			break;
		}
		i++;
	}
	*ip = i;
	return d;
}

/*
 * A JSON string, escaped exactly as jsonw_string does: printable ASCII
 * but '"' and '\\' as it is, the short escapes \" \\ \n \r \t \b \f,
 * other control characters and DEL as \u00xx, UTF-8 sequences as they
 * are and any byte that is not UTF-8 as U+FFFD.  Written straight into
 * the output buffer, a piece of at most OUT_STRING_CHUNK input bytes at a
 * time.  Kept out of line so that out_string's short case stays small.
 */
static __attribute__((noinline)) void
out_string_escaped(struct json_out *o, const char *s, size_t n)
{
	size_t i = 0, stop = n < OUT_STRING_CHUNK ? n : OUT_STRING_CHUNK;
	char *d0 = out_room(o, 6 * stop + 5), *d = d0;

	*d++ = '"';
	for (;;) {
		d = out_escape(d, s, &i, stop, n);
		if (i >= n)
			break;
		out_commit(o, (size_t)(d - d0));
		json_maybe_flush(o);
		stop = n - i > OUT_STRING_CHUNK ? i + OUT_STRING_CHUNK : n;
		d0 = d = out_room(o, 6 * (stop - i) + 5);
	}
	*d++ = '"';
	out_commit(o, (size_t)(d - d0));
	json_maybe_flush(o);
}

/*
 * A JSON string (see out_string_escaped).  Most keys and many values are
 * one word with nothing to escape: those are copied here, inline.
 */
static inline void
out_string(struct json_out *o, const char *s, size_t n)
{
	if (n - 1 < 8) {
		uint64_t w = word_load(s, n);

		if ((json_word_special(w) & WORD_LOW_BYTES(n)) == 0) {
			char *d = out_room(o, 10);

			d[0] = '"';
			word_store(d + 1, w);
			d[n + 1] = '"';
			out_commit(o, n + 2);
			json_maybe_flush(o);
			return;
		}
	}
	out_string_escaped(o, s, n);
}

/* Open an object or array that has members. */
static void
out_open(struct json_out *o, char c)
{
	out_putc(o, c);
	o->depth++;
}

/* Before a member: a comma unless it is the first, then a new line. */
static void
out_member(struct json_out *o, bool first)
{
	out_indent(o, !first);
}

/* Close an object or array opened with out_open. */
static void
out_close(struct json_out *o, char c)
{
	o->depth--;
	out_indent(o, false);
	out_putc(o, c);
}

/* "key": */
static void
out_key(struct json_out *o, const char *s, size_t n)
{
	out_string(o, s, n);
	OUT_LIT(o, ": ");
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

/*
 * Texts that are built before they are written (templates, object keys)
 * go on the stream's text buffer, used as a stack: a writer appends from
 * the buffer's end as it finds it (its mark) and cuts back to the mark
 * when done.  The buffer moves as it grows, so a writer that keeps texts
 * across nested writes keeps offsets from its mark, not pointers.
 */

/* Write the text built from mark as a JSON string, and drop it. */
static void
out_text(struct json_out *o, size_t mark)
{
	out_string(o, buf_str(&o->text) + mark, o->text.len - mark);
	text_cut(&o->text, mark);
}

/* Append "${<source of e>}". */
static void
text_wrap(const struct json_out *o, struct buf *b, const struct ast_expr *e)
{
	const char *s;
	size_t n;

	src_text(o, e->span, &s, &n);
	TEXT_LIT(b, "${");
	text_add(b, s, n);
	TEXT_LIT(b, "}");
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
	text_add(b, s + i, n - i);
}

/* A number literal's text, made valid JSON, into the output. */
static void
out_number(struct json_out *o, const char *s, size_t n)
{
	size_t i = 0;

	while (i + 1 < n && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9')
		i++;
	out_bytes(o, s + i, n - i);
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
			text_add(b, p->u.lit.s, p->u.lit.len);
			break;
		case AST_TPL_INTERP:
			text_part(o, b, p->u.interp);
			break;
		case AST_TPL_IF:
			src_text(o, p->u.ifd->cond->span, &s, &n);
			TEXT_LIT(b, "%{if ");
			text_add(b, s, n);
			TEXT_LIT(b, "}");
			text_template(o, b, &p->u.ifd->then_parts);
			mark = b->len;
			TEXT_LIT(b, "%{else}");
			text_template(o, b, &p->u.ifd->else_parts);
			if (b->len == mark + 7)
				text_cut(b, mark); /* an empty else is left out */
			TEXT_LIT(b, "%{endif}");
			break;
		case AST_TPL_FOR:
			src_text(o, p->u.ford->coll->span, &s, &n);
			TEXT_LIT(b, "%{for ");
			if (p->u.ford->key_var != NULL) {
				text_add(b, p->u.ford->key_var,
				    strlen(p->u.ford->key_var));
				TEXT_LIT(b, ", ");
			}
			text_add(b, p->u.ford->val_var,
			    strlen(p->u.ford->val_var));
			TEXT_LIT(b, " in ");
			text_add(b, s, n);
			TEXT_LIT(b, "}");
			text_template(o, b, &p->u.ford->body);
			TEXT_LIT(b, "%{endfor}");
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
			text_add(b, e->u.lit.s, e->u.lit.len);
			return;
		case AST_LIT_NUMBER:
			number_text(b, e->u.lit.s, e->u.lit.len);
			return;
		case AST_LIT_BOOL:
			if (e->u.lit.b)
				TEXT_LIT(b, "true");
			else
				TEXT_LIT(b, "false");
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
		src_text(o, e->u.cond->cond->span, &s, &n);
		TEXT_LIT(b, "%{if ");
		text_add(b, s, n);
		TEXT_LIT(b, "}");
		text_part(o, b, e->u.cond->then_expr);
		mark = b->len;
		TEXT_LIT(b, "%{else}");
		text_part(o, b, e->u.cond->else_expr);
		if (b->len == mark + 7)
			text_cut(b, mark);
		TEXT_LIT(b, "%{endif}");
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
		text_add(b, s, n);
		return;
	}
	text_part(o, b, k);
}

/* Bytewise order of two byte strings. */
static int
bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	if (c != 0)
		return c;
	return an < bn ? -1 : an > bn;
}

/* ---- sorted keys ----------------------------------------------------- */

/*
 * One entry of a list of keys to sort: the key's bytes, a tie-break that
 * makes every entry distinct (source order; body attributes before
 * blocks), and what the key belongs to.  pre is the key's first eight
 * bytes read big-endian and zero-padded, so that most comparisons are one
 * integer comparison (write_object keeps a key's offset in it before and
 * after sorting).  32 bytes: a flow of 260,000 tasks sorts 8 MB.
 */
struct skey {
	uint64_t pre;
	const char *s;
	const void *item;
	uint32_t len;		/* sources are below 4 GiB */
	uint32_t ord;
};

/* Lists this short are sorted on the stack and by insertion. */
#define SKEY_SMALL 16

/* The big-endian prefix of a key. */
static inline uint64_t
skey_prefix(const char *s, size_t n)
{
	uint64_t w = 0;

	memcpy(&w, s, n < 8 ? n : 8);
	return be64toh(w);
}

/* Set an entry's key. */
static inline void
skey_set(struct skey *k, const char *s, size_t len)
{
	k->s = s;
	k->len = (uint32_t)len;
	k->pre = skey_prefix(s, len);
}

/* Order two entries by key bytes, then by tie-break. */
static inline int
skey_cmp(const struct skey *x, const struct skey *y)
{
	int c;

	if (x->pre != y->pre)
		return x->pre < y->pre ? -1 : 1;
	/*
	 * Equal first eight bytes: keys that short (or the same string, as
	 * interned names are) differ only in length; else compare the rest.
	 */
	if (x->s == y->s || (x->len <= 8 && y->len <= 8))
		c = x->len < y->len ? -1 : x->len > y->len;
	else if (x->len <= 8 || y->len <= 8)
		c = x->len < y->len ? -1 : 1;
	else
		c = bytes_cmp(x->s + 8, x->len - 8, y->s + 8, y->len - 8);
	if (c != 0)
		return c;
	return x->ord < y->ord ? -1 : x->ord > y->ord;
}

/*
 * Whether two entries have the same key bytes: keys of at most eight
 * bytes are equal when their prefixes and lengths are.
 */
static inline bool
skey_eq(const struct skey *x, const struct skey *y)
{
	return x->pre == y->pre && x->len == y->len && (x->len <= 8 ||
	    x->s == y->s || memcmp(x->s + 8, y->s + 8, x->len - 8) == 0);
}

/* Insertion sort, for short runs. */
static void
skey_insertion(struct skey *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct skey k = v[i];
		size_t j = i;

		for (; j > 0 && skey_cmp(&k, &v[j - 1]) < 0; j--)
			v[j] = v[j - 1];
		v[j] = k;
	}
}

/* Swap two entries. */
static inline void
skey_swap(struct skey *a, struct skey *b)
{
	struct skey t = *a;

	*a = *b;
	*b = t;
}

/* Sift v[i] down the max-heap v[0..n). */
static void
skey_sift(struct skey *v, size_t i, size_t n)
{
	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			return;
		if (c + 1 < n && skey_cmp(&v[c], &v[c + 1]) < 0)
			c++;
		if (skey_cmp(&v[i], &v[c]) >= 0)
			return;
		skey_swap(&v[i], &v[c]);
		i = c;
	}
}

/* Heap sort: the fallback that bounds quicksort's worst case. */
static void
skey_heapsort(struct skey *v, size_t n)
{
	for (size_t i = n / 2; i > 0; i--)
		skey_sift(v, i - 1, n);
	for (size_t i = n; i > 1; i--) {
		skey_swap(&v[0], &v[i - 1]);
		skey_sift(v, 0, i - 1);
	}
}

/*
 * Sort in place, with no scratch memory: quicksort on the median of three
 * (partitioned from both ends, so that entries already on their side stay
 * where they are), the smaller side first, insertion for short runs, heap
 * sort when the partitions keep coming out lopsided.  Every tie-break is
 * distinct, so the order is total and the same as any stable sort would
 * give.
 */
static void
skey_quicksort(struct skey *v, size_t n)
{
	unsigned budget = 2;

	for (size_t m = n; m > 1; m >>= 1)
		budget += 2;
	while (n > SKEY_SMALL) {
		size_t mid = n / 2, i, j;
		struct skey p;

		if (budget-- == 0) {
			skey_heapsort(v, n);
			return;
		}
		/* Order v[0], v[mid], v[n - 1]; the median, the pivot, to v[1]. */
		if (skey_cmp(&v[mid], &v[0]) < 0)
			skey_swap(&v[mid], &v[0]);
		if (skey_cmp(&v[n - 1], &v[mid]) < 0) {
			skey_swap(&v[n - 1], &v[mid]);
			if (skey_cmp(&v[mid], &v[0]) < 0)
				skey_swap(&v[mid], &v[0]);
		}
		skey_swap(&v[mid], &v[1]);
		p = v[1];
		/*
		 * Swap the pairs found on the wrong sides.  v[n - 1] > p stops
		 * the first scan, v[1] = p the second, and after a swap the
		 * entries swapped stop them.
		 */
		for (i = 1, j = n - 1;;) {
			while (skey_cmp(&v[++i], &p) < 0)
				;
			while (skey_cmp(&p, &v[--j]) < 0)
				;
			if (i >= j)
				break;
			skey_swap(&v[i], &v[j]);
		}
		/* The pivot to its place, v[j]; the smaller side first. */
		skey_swap(&v[1], &v[j]);
		if (j < n - 1 - j) {
			skey_quicksort(v, j);
			v += j + 1;
			n -= j + 1;
		} else {
			skey_quicksort(v + j + 1, n - 1 - j);
			n = j;
		}
	}
	skey_insertion(v, n);
}

/* The length of the sorted run at the start of v[0..n). */
static size_t
skey_run(const struct skey *v, size_t n)
{
	size_t i;

	for (i = 1; i < n && skey_cmp(&v[i - 1], &v[i]) < 0; i++)
		;
	return i;
}

/* Move v[0] to its place in v[0..n), where v[1..n) is sorted. */
static void
skey_insert(struct skey *v, size_t n)
{
	struct skey k = v[0];
	size_t lo = 1, hi = n;

	/* The first entry of v[1..n) above k is at lo. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (skey_cmp(&v[mid], &k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(v, v + 1, (lo - 1) * sizeof(*v));
	v[lo - 1] = k;
}

/*
 * Sort, after a look for keys already in order.  Bodies often come so
 * (the blocks of a type), or nearly so: a few other entries first, as
 * the variables before a flow's tasks, are inserted into the rest.
 */
static void
skey_sort(struct skey *v, size_t n)
{
	size_t head;

	if (n < 2)
		return;
	head = skey_run(v, n);
	if (head == n)
		return;
	if (head <= SKEY_SMALL && head + skey_run(v + head, n - head) == n) {
		while (head-- > 0)
			skey_insert(v + head, n - head);
		return;
	}
	skey_quicksort(v, n);
}

/* Storage for n entries: small on the stack, else on the heap. */
static struct skey *
skey_alloc(struct skey *small, size_t n)
{
	return n <= SKEY_SMALL ? small : xreallocarray(NULL, n, sizeof(*small));
}

/* Free what skey_alloc took from the heap. */
static void
skey_free(struct skey *small, struct skey *v)
{
	if (v != small)
		free(v);
}

/* An object constructor: sorted keys, the last of equal keys wins. */
static void
write_object(struct json_out *o, const struct ast_expr *e)
{
	uint32_t n = e->u.object.n, i;
	struct skey small[SKEY_SMALL], *keys;
	struct buf *tb = &o->text;
	size_t mark = tb->len;
	bool first = true;
	const char *kt;

	if (n == 0) {
		OUT_LIT(o, "{}");
		return;
	}
	keys = skey_alloc(small, n);
	for (i = 0; i < n; i++) {
		/* The buffer moves as it grows: keep offsets for now. */
		keys[i].pre = tb->len - mark;
		key_text(o, tb, e->u.object.items[i].key);
		keys[i].len = tb->len - mark - (size_t)keys[i].pre;
		keys[i].ord = i;
		keys[i].item = &e->u.object.items[i];
	}
	kt = buf_str(tb) + mark;
	for (i = 0; i < n; i++)
		skey_set(&keys[i], kt + keys[i].pre, keys[i].len);
	skey_sort(keys, n);
	/*
	 * The values written below may move the buffer: back to offsets,
	 * and drop the keys that a later item sets again.
	 */
	for (i = 0; i < n; i++) {
		if (i + 1 < n && skey_eq(&keys[i], &keys[i + 1]))
			keys[i].item = NULL;
		keys[i].pre = (uint64_t)(keys[i].s - kt);
	}
	out_open(o, '{');
	for (i = 0; i < n; i++) {
		const struct ast_item *it = keys[i].item;

		if (it == NULL)
			continue;
		out_member(o, first);
		first = false;
		out_key(o, tb->data + mark + keys[i].pre, keys[i].len);
		json_write_expr(o, it->value);
	}
	out_close(o, '}');
	skey_free(small, keys);
	text_cut(tb, mark);
}

/* Write an expression's syntax form (tmccombs convertExpression). */
void
json_write_expr(struct json_out *o, const struct ast_expr *e)
{
	size_t mark = o->text.len;
	const struct ast_expr *x;

	switch (e->kind) {
	case AST_LITERAL:
		switch (e->u.lit.kind) {
		case AST_LIT_NULL:
			OUT_LIT(o, "null");
			return;
		case AST_LIT_BOOL:
			if (e->u.lit.b)
				OUT_LIT(o, "true");
			else
				OUT_LIT(o, "false");
			return;
		case AST_LIT_NUMBER:
			out_number(o, e->u.lit.s, e->u.lit.len);
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
		if (e->op == AST_OP_NEG && x->u.lit.kind ==
		    AST_LIT_NUMBER) {
			out_putc(o, '-');
			out_number(o, x->u.lit.s, x->u.lit.len);
			return;
		}
		if (e->op == AST_OP_NOT && x->u.lit.kind ==
		    AST_LIT_BOOL) {
			if (x->u.lit.b)
				OUT_LIT(o, "false");
			else
				OUT_LIT(o, "true");
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
		text_template(o, &o->text, &e->u.tpl);
		out_text(o, mark);
		return;
	case AST_TUPLE:
		if (e->u.tuple.n == 0) {
			OUT_LIT(o, "[]");
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
	text_wrap(o, &o->text, e);
	out_text(o, mark);
}

/* ---- bodies ---------------------------------------------------------- */

/* Tie-break of a body key: attributes first, each kind in source order. */
#define BODY_BLOCK_BIT		((uint32_t)1 << 31)
#define BODY_ATTR_ORD(i)	((uint32_t)(i))
#define BODY_BLOCK_ORD(i)	(BODY_BLOCK_BIT | (uint32_t)(i))
#define BODY_IS_ATTR(k)		(((k)->ord & BODY_BLOCK_BIT) == 0)

/* The keys of a body into v (nattrs + nblocks entries), sorted. */
static void
body_keys(const struct ast_body *b, struct skey *v)
{
	size_t k = 0;

	for (uint32_t i = 0; i < b->nattrs; i++, k++) {
		skey_set(&v[k], b->attrs[i].name, strlen(b->attrs[i].name));
		v[k].ord = BODY_ATTR_ORD(i);
		v[k].item = &b->attrs[i];
	}
	for (uint32_t i = 0; i < b->nblocks; i++, k++) {
		skey_set(&v[k], b->blocks[i].type, strlen(b->blocks[i].type));
		v[k].ord = BODY_BLOCK_ORD(i);
		v[k].item = &b->blocks[i];
	}
	skey_sort(v, k);
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

/* The label at level of the block an entry holds. */
static inline const struct ast_label *
entry_label(const struct skey *k, uint32_t level)
{
	return &((const struct ast_block *)k->item)->labels[level];
}

/* Bytes of one block's tree that block_prefetch asks for at most. */
#define PREFETCH_MAX (8 * 1024)

/*
 * Ask the cache for the tree of a block that will be written soon.  The
 * parser lays a block out in one stretch of its pool, from the labels
 * (read with the header) to the attribute array (made when the body
 * ends), with the attribute values between; blocks are written in label
 * order, not source order, so without this every block starts with a
 * run of cache misses.  Only a hint: a stretch that looks otherwise is
 * skipped.
 */
static inline void
block_prefetch(const struct ast_block *blk)
{
	const char *from = (const char *)blk->labels;
	const char *to = (const char *)(blk->body.attrs + blk->body.nattrs);

	if (from == NULL || blk->body.attrs == NULL || to <= from ||
	    to - from > PREFETCH_MAX)
		return;
	for (; from < to; from += 64)
		__builtin_prefetch(from);
}

/*
 * Write or check a group of blocks at a label level; v holds the blocks
 * (item) with their source order (ord), and is reordered.
 */
static void
blocks_walk(struct blocks_ctx *c, struct skey *v, size_t n, uint32_t level)
{
	size_t ends = 0, i, j;

	for (i = 0; i < n; i++)
		if (((const struct ast_block *)v[i].item)->nlabels == level)
			ends++;
	if (ends != 0 && ends != n) {
		/* Report the first block (in source order) of the minority. */
		const struct ast_block *bad = NULL, *other = NULL;

		for (i = 0; i < n; i++) {
			const struct ast_block *blk = v[i].item;
			bool end = blk->nlabels == level;

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
			const struct ast_block *blk = v[i].item;

			if (c->o != NULL)
				out_member(c->o, i == 0);
			body_walk(c, &blk->body);
		}
		if (c->o != NULL)
			out_close(c->o, ']');
		return;
	}
	for (i = 0; i < n; i++) {
		const struct ast_label *l = entry_label(&v[i], level);

		skey_set(&v[i], l->s, l->len);
	}
	skey_sort(v, n);
	if (c->o != NULL)
		out_open(c->o, '{');
	for (i = 0; i < n; i = j) {
		/*
		 * The keys of v[i..j) are overwritten by the levels below, the
		 * ones after stay until their group's turn.
		 */
		const struct ast_label *l = entry_label(&v[i], level);

		for (j = i + 1; j < n && skey_eq(&v[i], &v[j]); j++)
			;
		if (c->o != NULL) {
			/* The next group's first block, and the one after. */
			if (j < n)
				block_prefetch(v[j].item);
			if (j + 1 < n)
				__builtin_prefetch(v[j + 1].item);
			out_member(c->o, i == 0);
			out_key(c->o, l->s, l->len);
		}
		blocks_walk(c, v + i, j - i, level + 1);
	}
	if (c->o != NULL)
		out_close(c->o, '}');
}

/* Block types check_quick keeps track of before giving up. */
#define CHECK_QUICK_TYPES 8

/*
 * Order blocks as the full check visits them: by type, then label by
 * label, then source order (blocks of one type have as many labels).
 */
static int
block_visit_cmp(const void *a, const void *b)
{
	const struct ast_block *x = *(const struct ast_block *const *)a;
	const struct ast_block *y = *(const struct ast_block *const *)b;
	int c = strcmp(x->type, y->type);

	for (uint32_t i = 0; c == 0 && i < x->nlabels && i < y->nlabels; i++)
		c = bytes_cmp(x->labels[i].s, x->labels[i].len,
		    y->labels[i].s, y->labels[i].len);
	if (c != 0)
		return c;
	return x < y ? -1 : x > y;
}

/*
 * Check a body without sorting it, when that is enough: every block type
 * has one number of labels (so no key is both a list and an object) and
 * no attribute is named like a block type.  The blocks whose bodies hold
 * blocks are then checked in the order the full check would take, so
 * diagnostics come out the same.  Returns false, having checked nothing,
 * when the body needs the full check.
 */
static bool
check_quick(struct blocks_ctx *c, const struct ast_body *b)
{
	struct {
		const char *type;
		uint32_t nlabels;
	} seen[CHECK_QUICK_TYPES];
	const struct ast_block **deep;
	size_t nseen = 0, ndeep = 0, k;
	uint32_t i;

	for (i = 0; i < b->nblocks; i++) {
		const struct ast_block *blk = &b->blocks[i];

		for (k = 0; k < nseen; k++)
			if (seen[k].type == blk->type ||
			    strcmp(seen[k].type, blk->type) == 0)
				break;
		if (k == nseen) {
			if (nseen == CHECK_QUICK_TYPES)
				return false;
			seen[nseen].type = blk->type;
			seen[nseen++].nlabels = blk->nlabels;
		} else if (seen[k].nlabels != blk->nlabels) {
			return false;
		}
		if (blk->body.nblocks != 0)
			ndeep++;
	}
	for (i = 0; i < b->nattrs; i++)
		for (k = 0; k < nseen; k++)
			if (strcmp(b->attrs[i].name, seen[k].type) == 0)
				return false;
	if (ndeep == 0)
		return true;
	deep = xreallocarray(NULL, ndeep, sizeof(*deep));
	for (i = 0, k = 0; i < b->nblocks; i++)
		if (b->blocks[i].body.nblocks != 0)
			deep[k++] = &b->blocks[i];
	if (ndeep > 1)
		qsort(deep, ndeep, sizeof(*deep), block_visit_cmp);
	for (k = 0; k < ndeep; k++)
		body_walk(c, &deep[k]->body);
	free(deep);
	return true;
}

/* Write or check a body. */
static void
body_walk(struct blocks_ctx *c, const struct ast_body *b)
{
	struct skey small[SKEY_SMALL], *v;
	struct json_out *o = c->o;
	size_t n = (size_t)b->nattrs + b->nblocks, i, j;

	if (o == NULL && b->nblocks == 0)
		return;	/* attribute names are unique: nothing to check */
	if (o == NULL && check_quick(c, b))
		return;
	if (n == 0) {
		OUT_LIT(o, "{}");
		return;
	}
	v = skey_alloc(small, n);
	body_keys(b, v);
	if (o != NULL)
		out_open(o, '{');
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && skey_eq(&v[i], &v[j]); j++)
			;
		if (BODY_IS_ATTR(&v[i])) {
			const struct ast_attr *attr = v[i].item;

			if (j > i + 1) {
				/* Sorted first, so v[i + 1] is a block. */
				const struct ast_block *blk = v[i + 1].item;

				if (c->dl != NULL)
					diag_set_detail(diag_error(c->dl, c->src,
					    blk->type_span,
					    "block '%s' cannot be shown as JSON: "
					    "an attribute has the same name",
					    blk->type),
					    "the attribute '%s' is on line %u",
					    attr->name, source_pos(c->src,
					    attr->name_span.start).line);
				c->ok = false;
				continue;
			}
			if (o != NULL) {
				int r = 1;

				out_member(o, i == 0);
				out_key(o, v[i].s, v[i].len);
				if (o->attr_cb != NULL)
					r = o->attr_cb(o, attr, o->attr_arg);
				if (r == 1)
					json_write_expr(o, attr->expr);
				else if (r < 0)
					c->ok = false;
				json_maybe_flush(o);
			}
			continue;
		}
		if (o != NULL) {
			out_member(o, i == 0);
			out_key(o, v[i].s, v[i].len);
		}
		/* The run of blocks of this type, in source order. */
		blocks_walk(c, v + i, j - i, 0);
	}
	if (o != NULL)
		out_close(o, '}');
	skey_free(small, v);
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
	out_putc(o, '\n');
	json_flush(o);
}
