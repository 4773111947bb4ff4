#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hcl/lex.h"
#include "hcl/parse.h"
#include "hcl/template.h"
#include "util/buf.h"
#include "util/xmalloc.h"

/*
 * Recursive descent following hclsyntax's parser.go and
 * parser_template.go (the structure and the error cases; the messages are
 * ours).  Error handling: the first error inside a body item (attribute or
 * block header) sets `recovery`, which silences further errors until the
 * next body item starts, so one mistake gives one message; the parser then
 * skips to the next newline or the closing bracket of the construct it was
 * reading.  Independent problems found while decoding (a bad escape, a
 * duplicate attribute) are always reported.
 */

/*
 * Storage for the tree: small pieces cut from big arena blocks.  The first
 * block is small, as most flows are; each further one is twice as big, up
 * to POOL_CHUNK_MAX, so a big file's tree takes few blocks and the blocks
 * can be backed by huge pages (see mem_hint_huge).
 */
#define POOL_CHUNK (64 * 1024)
#define POOL_CHUNK_MAX ((size_t)32 << 20)
/*
 * Sources from this size on get huge pages for their tree.  A huge page
 * is touched whole, so the block being filled can hold up to 2 MiB that
 * is never used: for a source of 8 MiB, whose tree is about 32 MiB, that
 * is a quarter of the source, while a fault of a 4 KiB page costs about
 * six times what the same memory costs in huge pages (a 10 MB flow: 4,000
 * page faults instead of 11,700, 15% less time, 3% more memory).
 */
#define POOL_HUGE_FROM ((size_t)8 << 20)

/* Pieces bigger than this get arena storage of their own. */
#define POOL_PIECE_MAX (POOL_CHUNK / 8)
/*
 * Identifiers are interned so repeated names cost one copy.  Each slot
 * keeps the name's hash and length beside it, so a probe compares bytes
 * only when both match, and growing never hashes again.
 */
struct intern_slot {
	const char *s;		/* NULL or an arena string */
	uint32_t hash;
	uint32_t len;
};

struct intern {
	struct intern_slot *slot;	/* owned */
	size_t mask;		/* size - 1 (size is a power of two) */
	size_t n;
};

/* A growable stack of fixed-size records, used to build arrays. */
struct stack {
	char *data;		/* owned */
	size_t len;
	size_t alloc;
};

struct parser {
	struct arena *arena;
	const struct source *src;
	const char *text;
	struct diag_list *dl;
	struct lexer lx;
	struct tok tok;		/* lookahead, as lexed */
	uint32_t prev_end;	/* end of the last token consumed */
	bool nl;		/* newlines are tokens here (bodies, objects) */
	bool recovery;		/* an error was reported in this body item */
	bool abort;		/* the nesting limit was hit: stop reading */
	uint32_t errs;		/* errors met, reported or silenced */
	bool after_nl;		/* a newline was skipped before the lookahead */
	bool resync;		/* stop recovering: a new item starts here */
	uint32_t err_at;	/* where the last error reported starts */
	unsigned depth;
	char *pool;		/* free room in the current pool chunk */
	size_t pool_left;
	size_t pool_next;	/* size of the next pool chunk */
	struct intern names;
	struct stack st;
	struct buf sbuf;	/* string decoding */
	struct buf nbuf;	/* NFC */
	uint32_t body_serial;	/* one number per body, for duplicates */
};

/* ---- memory ---------------------------------------------------------- */

/* pool_alloc when the current chunk has no room: start a new one. */
static void *
pool_alloc_chunk(struct parser *p, size_t size)
{
	void *d;

	if (size > POOL_PIECE_MAX)
		return arena_alloc(p->arena, size);
	if (p->pool_next < POOL_CHUNK)
		p->pool_next = POOL_CHUNK;
	p->pool = arena_alloc(p->arena, p->pool_next);
	p->pool_left = p->pool_next;
	if (p->src->len >= POOL_HUGE_FROM)
		mem_hint_huge(p->pool, p->pool_left);
	if (p->pool_next < POOL_CHUNK_MAX)
		p->pool_next *= 2;
	/* Arena blocks are aligned for any type. */
	d = p->pool;
	p->pool += size;
	p->pool_left -= size;
	return d;
}

/* size bytes aligned to align (a power of two) from the pool. */
static inline void *
pool_alloc(struct parser *p, size_t size, size_t align)
{
	uintptr_t c = (uintptr_t)p->pool;
	size_t pad = (align - (c & (align - 1))) & (align - 1);

	if (size == 0)
		size = 1;
	if (p->pool == NULL || p->pool_left < size + pad)
		return pool_alloc_chunk(p, size);
	p->pool += pad + size;
	p->pool_left -= pad + size;
	return (void *)(c + pad);
}

#define POOL_NEW(p, type) \
	((type *)memset(pool_alloc((p), sizeof(type), _Alignof(type)), 0, \
	    sizeof(type)))

/* A copy of n bytes (plus a NUL) in the pool. */
static char *
pool_strndup(struct parser *p, const char *s, size_t n)
{
	char *d = pool_alloc(p, n + 1, 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* An array of n records copied from the top of the stack, then popped. */
static void *
stack_take(struct parser *p, size_t mark, size_t size, size_t align,
    uint32_t *count)
{
	size_t bytes = p->st.len - mark;
	void *d = NULL;

	*count = (uint32_t)(bytes / size);
	if (bytes != 0) {
		d = pool_alloc(p, bytes, align);
		memcpy(d, p->st.data + mark, bytes);
	}
	p->st.len = mark;
	return d;
}

/* Grow the stack to hold size more bytes. */
static void
stack_grow(struct parser *p, size_t size)
{
	size_t na = p->st.alloc != 0 ? p->st.alloc * 2 : 4096;

	while (na - p->st.len < size)
		na *= 2;
	p->st.data = xreallocarray(p->st.data, na, 1);
	p->st.alloc = na;
}

/* Room for one record of size bytes on the stack (size a multiple of 8). */
static inline void *
stack_push(struct parser *p, size_t size)
{
	if (p->st.alloc - p->st.len < size)
		stack_grow(p, size);
	p->st.len += size;
	return p->st.data + p->st.len - size;
}

/* Bodies give stack memory back every this many items (see parse_body). */
#define STACK_GIVE_BACK_ITEMS 8192
/* The stack keeps at least this much when giving memory back. */
#define STACK_KEEP ((size_t)1 << 20)

/*
 * Pop the stack to len bytes and, when that leaves much of it unused,
 * shrink it: realloc(3) gives the pages of a large block back at once.
 */
static void
stack_give_back(struct parser *p, size_t len)
{
	size_t want = len > STACK_KEEP ? len : STACK_KEEP;

	p->st.len = len;
	if (p->st.alloc > want && p->st.alloc - want >= STACK_KEEP) {
		p->st.data = xreallocarray(p->st.data, want, 1);
		p->st.alloc = want;
	}
}

/* Push one pointer. */
static void
stack_push_ptr(struct parser *p, void *ptr)
{
	memcpy(stack_push(p, sizeof(ptr)), &ptr, sizeof(ptr));
}

/* Mix a word into a hash (a multiply and a shift: every bit counts). */
static inline uint64_t
name_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * UINT64_C(0x9e3779b97f4a7c15);
	return h ^ (h >> 29);
}

/*
 * The hash of a name, eight bytes at a time.  The last one to seven bytes
 * are read as two overlapping four-byte words or as their first, middle
 * and last byte, so that short names (most are) take no byte loop.
 */
static uint32_t
name_hash(const char *s, size_t n)
{
	uint64_t h = n, w;
	uint32_t lo, hi;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = name_mix(h, w);
	}
	if (n >= 4) {
		memcpy(&lo, s, 4);
		memcpy(&hi, s + n - 4, 4);
		w = (uint64_t)hi << 32 | lo;
	} else if (n > 0) {
		w = (uint64_t)(unsigned char)s[0] << 16 |
		    (uint64_t)(unsigned char)s[n / 2] << 8 |
		    (unsigned char)s[n - 1];
	} else {
		w = 0;
	}
	h = name_mix(h, w);
	return (uint32_t)(h ^ (h >> 32));
}

/* The interned NUL-terminated copy of n bytes. */
static const char *
intern(struct parser *p, const char *s, size_t n)
{
	struct intern *t = &p->names;
	uint32_t h = name_hash(s, n);
	size_t i;

	if (t->slot == NULL || (t->n + 1) * 2 > t->mask + 1) {
		size_t size = t->slot == NULL ? 256 : (t->mask + 1) * 2;
		struct intern_slot *ns = xcalloc(size, sizeof(*ns));

		for (i = 0; t->slot != NULL && i <= t->mask; i++) {
			size_t j;

			if (t->slot[i].s == NULL)
				continue;
			for (j = t->slot[i].hash & (size - 1); ns[j].s != NULL;
			    j = (j + 1) & (size - 1))
				;
			ns[j] = t->slot[i];
		}
		free(t->slot);
		t->slot = ns;
		t->mask = size - 1;
	}
	for (i = h & t->mask; t->slot[i].s != NULL; i = (i + 1) & t->mask)
		if (t->slot[i].hash == h && t->slot[i].len == n &&
		    memcmp(t->slot[i].s, s, n) == 0)
			return t->slot[i].s;
	t->slot[i].s = pool_strndup(p, s, n);
	t->slot[i].hash = h;
	t->slot[i].len = (uint32_t)n;
	t->n++;
	return t->slot[i].s;
}

/*
 * The name of a step (.name after an expression), copied rather than
 * interned: references name most tasks once (task.docker_run.NAME), and
 * in a table holding every such name each new one costs a cache miss.
 */
static const char *
step_name(struct parser *p, const struct tok *t)
{
	return pool_strndup(p, p->text + t->span.start,
	    t->span.end - t->span.start);
}

/* ---- tokens ---------------------------------------------------------- */

/* The next token, skipping newlines where they do not matter. */
static inline const struct tok *
peek(struct parser *p)
{
	if (!p->nl)
		while (p->tok.type == TOK_NEWLINE) {
			p->tok = lex_next(&p->lx);
			p->after_nl = true;
		}
	return &p->tok;
}

/* Consume the lookahead token and return it. */
static inline struct tok
advance(struct parser *p)
{
	struct tok t = *peek(p);

	if (t.type != TOK_EOF) {
		p->prev_end = t.span.end;
		p->tok = lex_next(&p->lx);
		p->after_nl = false;
	}
	return t;
}

/* Whether t is the identifier kw. */
static inline bool
is_keyword(const struct parser *p, const struct tok *t, const char *kw)
{
	size_t n = t->span.end - t->span.start;

	return t->type == TOK_IDENT && n == strlen(kw) &&
	    memcmp(p->text + t->span.start, kw, n) == 0;
}

/* Set the newline mode, returning the old one. */
static bool
set_nl(struct parser *p, bool nl)
{
	bool old = p->nl;

	p->nl = nl;
	return old;
}

/* ---- diagnostics ----------------------------------------------------- */

/* Report an error unless one was already reported in this body item. */
static void __attribute__((format(printf, 4, 5)))
perr(struct parser *p, struct span sp, const char *detail, const char *fmt,
    ...)
{
	struct diag *d;
	va_list ap;
	char *msg;

	p->errs++;
	if (p->recovery)
		return;
	p->recovery = true;
	p->err_at = sp.start;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	d = diag_error(p->dl, p->src, sp, "%s", msg);
	free(msg);
	if (detail != NULL)
		diag_set_detail(d, "%s", detail);
}

/* The token as it appears in the source, for messages. */
static const char *
tok_desc(struct parser *p, const struct tok *t)
{
	size_t n = t->span.end - t->span.start;

	switch (t->type) {
	case TOK_IDENT:
	case TOK_NUMBER:
		if (n > 40)
			n = 40;
		return arena_printf(p->arena, "'%.*s'", (int)n,
		    p->text + t->span.start);
	case TOK_INVALID:
		return arena_printf(p->arena, "invalid character '%.*s'",
		    (int)n, p->text + t->span.start);
	default:
		return lex_tok_name(t->type);
	}
}

/* The span of a token, at least one byte wide where the text allows. */
static struct span
tok_span(const struct parser *p, const struct tok *t)
{
	struct span sp = t->span;

	if (sp.end == sp.start && sp.end < p->src->len)
		sp.end++;
	return sp;
}

/* ---- recovery -------------------------------------------------------- */

/* Whether the token opens a bracket that a matching token closes. */
static bool
tok_opens(enum tok_type t)
{
	return t == TOK_LBRACE || t == TOK_LBRACK || t == TOK_LPAREN ||
	    t == TOK_INTERP || t == TOK_CONTROL;
}

static bool
tok_closes(enum tok_type t)
{
	return t == TOK_RBRACE || t == TOK_RBRACK || t == TOK_RPAREN ||
	    t == TOK_SEQ_END;
}

/*
 * Skip to the end of the current body item: past the next newline outside
 * brackets, or up to (not past) a '}' that may close the enclosing block,
 * or to the end of the file.  Only a block encloses a body, so an
 * unmatched ')' or ']' is part of the mistake already reported and is
 * skipped with the rest of the line.
 */
static void
recover_line(struct parser *p)
{
	bool old = set_nl(p, true);
	int nest = 0;

	p->recovery = true;
	if (p->resync) {
		set_nl(p, old);
		return;
	}
	for (;;) {
		enum tok_type t = peek(p)->type;

		if (t == TOK_EOF)
			break;
		if (nest == 0 && (t == TOK_RBRACE || t == TOK_SEQ_END))
			break;
		advance(p);
		if (tok_opens(t))
			nest++;
		else if (tok_closes(t) && nest > 0)
			nest--;
		else if (t == TOK_NEWLINE && nest == 0)
			break;
	}
	set_nl(p, old);
}

/*
 * Skip to and past the closer that matches the construct being read.
 * Stops before a different closer that belongs to an enclosing construct.
 * Returns whether the closer was found.
 */
static bool
recover_close(struct parser *p, enum tok_type closer)
{
	int nest = 0;

	p->recovery = true;
	if (p->resync)
		return false;
	for (;;) {
		enum tok_type t = peek(p)->type;

		if (t == TOK_EOF)
			return false;
		if (nest == 0 && t == closer) {
			advance(p);
			return true;
		}
		if (nest == 0 && tok_closes(t))
			return false;
		advance(p);
		if (tok_opens(t))
			nest++;
		else if (tok_closes(t))
			nest--;
	}
}

/* ---- nodes ----------------------------------------------------------- */

/* A new expression node. */
static inline struct ast_expr *
node(struct parser *p, enum ast_kind kind, uint32_t start, uint32_t end)
{
	struct ast_expr *e = POOL_NEW(p, struct ast_expr);

	e->kind = kind;
	e->height = 1;
	e->span.start = start;
	e->span.end = end;
	return e;
}

/* A node for input that could not be read. */
static struct ast_expr *
invalid(struct parser *p, uint32_t start, uint32_t end)
{
	return node(p, AST_INVALID, start, end > start ? end : start);
}

/* Report nesting past the limit at sp (even in recovery) and stop. */
static void
too_deep(struct parser *p, struct span sp)
{
	if (p->abort)
		return;
	p->recovery = false;
	perr(p, sp,
	    "simplify the expression or split it into several attributes",
	    "nesting is too deep (more than %d levels)", PARSE_MAX_DEPTH);
	p->abort = true;
}

/* Enter one nesting level; false (and the parse stops) past the limit. */
static inline bool
enter(struct parser *p, const struct tok *t)
{
	if (p->abort)
		return false;
	if (p->depth >= PARSE_MAX_DEPTH) {
		too_deep(p, tok_span(p, t));
		return false;
	}
	p->depth++;
	return true;
}

static void
leave(struct parser *p)
{
	p->depth--;
}

/* The height of an optional child: 0 for none. */
static inline unsigned
height_of(const struct ast_expr *e)
{
	return e != NULL ? e->height : 0;
}

static inline unsigned
height_max(unsigned a, unsigned b)
{
	return a > b ? a : b;
}

/*
 * The height of a template's parts, each directive one level above what
 * it holds.  Recursion follows the directives, which tpl_build nests at
 * most PARSE_MAX_DEPTH deep.
 */
static unsigned
tpl_height(const struct ast_template *t)
{
	unsigned h = 0;

	for (uint32_t i = 0; i < t->nparts; i++) {
		const struct ast_tpl_part *part = &t->parts[i];
		const struct ast_tpl_if *ifd;
		const struct ast_tpl_for *ford;

		switch (part->kind) {
		case AST_TPL_LITERAL:
			break;
		case AST_TPL_INTERP:
			h = height_max(h, height_of(part->u.interp));
			break;
		case AST_TPL_IF:
			ifd = part->u.ifd;
			h = height_max(h, 1 + height_max(height_of(ifd->cond),
			    height_max(tpl_height(&ifd->then_parts),
			    tpl_height(&ifd->else_parts))));
			break;
		case AST_TPL_FOR:
			ford = part->u.ford;
			h = height_max(h, 1 + height_max(height_of(ford->coll),
			    tpl_height(&ford->body)));
			break;
		}
	}
	return h;
}

/* The height of e from the heights of its children. */
static unsigned
expr_height(const struct ast_expr *e)
{
	unsigned h = 0;
	uint32_t i;

	switch (e->kind) {
	case AST_INVALID:
	case AST_LITERAL:
	case AST_SPLAT_ITEM:
		break;
	case AST_TRAVERSAL:
		/* Index keys of static steps are literals. */
		h = e->nsteps != 0;
		break;
	case AST_TEMPLATE:
		h = tpl_height(&e->u.tpl);
		break;
	case AST_TUPLE:
		for (i = 0; i < e->u.tuple.n; i++)
			h = height_max(h, height_of(e->u.tuple.items[i]));
		break;
	case AST_OBJECT:
		for (i = 0; i < e->u.object.n; i++)
			h = height_max(h, height_max(
			    height_of(e->u.object.items[i].key),
			    height_of(e->u.object.items[i].value)));
		break;
	case AST_CALL:
		for (i = 0; i < e->u.call->nargs; i++)
			h = height_max(h, height_of(e->u.call->args[i]));
		break;
	case AST_COND:
		h = height_max(height_of(e->u.cond->cond), height_max(
		    height_of(e->u.cond->then_expr),
		    height_of(e->u.cond->else_expr)));
		break;
	case AST_BINARY:
		h = height_max(height_of(e->u.binary.lhs),
		    height_of(e->u.binary.rhs));
		break;
	case AST_UNARY:
		h = height_of(e->u.unary.operand);
		break;
	case AST_INDEX:
		h = height_max(height_of(e->u.index.coll),
		    height_of(e->u.index.key));
		break;
	case AST_GETATTR:
		h = height_of(e->u.getattr.obj);
		break;
	case AST_SPLAT:
		h = height_max(height_of(e->u.splat->source),
		    height_of(e->u.splat->each));
		break;
	case AST_FOR:
		h = height_max(height_max(height_of(e->u.forx->coll),
		    height_of(e->u.forx->key)), height_max(
		    height_of(e->u.forx->val), height_of(e->u.forx->cond)));
		break;
	case AST_PAREN:
		h = height_of(e->u.paren.inner);
		break;
	}
	return h + 1;
}

/*
 * Set the height of e, just built, from its children's.  A node built at
 * nesting depth d may be at most PARSE_MAX_DEPTH + 1 - d high: a leaf at
 * the deepest level is 1 high, and a node above it is built at a lower
 * depth or is one more step of a chain (a + b + c, a[0][1]), which the
 * height counts.  Past that, report the nesting at sp, stop the parse
 * and give an invalid node in e's place, so the tree keeps within the
 * bound that parse.h promises.
 */
static struct ast_expr *
grown_check(struct parser *p, struct ast_expr *e, struct span sp)
{
	unsigned h = expr_height(e);

	if (p->depth + h <= PARSE_MAX_DEPTH + 1) {
		e->height = (uint16_t)h;
		return e;
	}
	too_deep(p, sp);
	return invalid(p, e->span.start, e->span.end);
}

/*
 * grown_check for any node; a leaf is 1 high (as node() made it), which
 * fits at any depth the parser reaches, so it needs no check.
 */
static inline struct ast_expr *
grown(struct parser *p, struct ast_expr *e, struct span sp)
{
	if (e->kind == AST_LITERAL || e->kind == AST_INVALID ||
	    (e->kind == AST_TRAVERSAL && e->nsteps == 0))
		return e;
	return grown_check(p, e, sp);
}

static struct ast_expr *parse_expression(struct parser *p);
static struct ast_expr *parse_postfix(struct parser *p, struct ast_expr *e);

/* ---- templates ------------------------------------------------------- */

/* The flat pieces of a template before directives are nested. */
enum tpl_tok_kind {
	TT_LIT,
	TT_INTERP,
	TT_IF,
	TT_ELSE,
	TT_ENDIF,
	TT_FOR,
	TT_ENDFOR,
};

struct tpl_tok {
	enum tpl_tok_kind kind;
	struct span span;
	const char *s;		/* TT_LIT: value */
	uint32_t len;
	struct ast_expr *expr;	/* TT_INTERP, TT_IF: cond, TT_FOR: coll */
	const char *key_var;	/* TT_FOR */
	const char *val_var;
	struct span key_span;
	struct span val_span;
};

/* Decode a literal token into the pool (or point at the source). */
static void
tpl_literal(struct parser *p, const struct tok *t, bool quoted,
    struct tpl_tok *out)
{
	const char *raw = p->text + t->span.start;
	size_t n = t->span.end - t->span.start;

	out->kind = TT_LIT;
	out->span = t->span;
	/* The lexer saw whether the text has escapes (TOKF_ESCAPES). */
	if (!(t->flags & TOKF_ESCAPES)) {
		out->s = raw;
		out->len = (uint32_t)n;
		return;
	}
	buf_reset(&p->sbuf);
	template_decode(&p->sbuf, p->src, t->span.start, t->span.end, quoted,
	    p->dl);
	out->s = pool_strndup(p, p->sbuf.data != NULL ? p->sbuf.data : "",
	    p->sbuf.len);
	out->len = (uint32_t)p->sbuf.len;
}

/* Name of a directive keyword for messages. */
static const char *
tt_name(enum tpl_tok_kind k)
{
	switch (k) {
	case TT_IF:
		return "if";
	case TT_ELSE:
		return "else";
	case TT_ENDIF:
		return "endif";
	case TT_FOR:
		return "for";
	case TT_ENDFOR:
		return "endfor";
	default:
		return "?";
	}
}

/* Expect the "}" ending a ${ or %{ sequence; returns its strip flag. */
static bool
tpl_seq_end(struct parser *p, struct tok open, bool quoted, const char *what)
{
	const struct tok *t = peek(p);
	struct tok end;

	if (t->type == TOK_SEQ_END) {
		end = advance(p);
		return (end.flags & TOKF_STRIP) != 0;
	}
	if (t->type == TOK_EOF || (quoted && (t->type == TOK_OQUOTE ||
	    t->type == TOK_CQUOTE || t->type == TOK_QUOTED_NEWLINE)))
		perr(p, open.span,
		    "a '}' is missing; to write a literal '${' or '%{', "
		    "double the first character ('$${', '%%{')",
		    "unclosed '%.*s'", (int)(open.span.end - open.span.start),
		    p->text + open.span.start);
	else if (t->type == TOK_COLON)
		perr(p, tok_span(p, t),
		    "if this is text for another language, escape the sequence "
		    "by writing '$${' instead of '${'",
		    "unexpected ':' in %s", what);
	else
		perr(p, tok_span(p, t),
		    "expected '}'; if this is text for another language, escape "
		    "the sequence by writing '$${' instead of '${'",
		    "unexpected %s in %s", tok_desc(p, t), what);
	return false;
}

/*
 * After an error inside a quoted template, abandon the rest of its line:
 * the lexer is reset to the mode outside the string, at the newline, so
 * what follows is read as it would be without the broken string.
 */
static void
tpl_abandon_line(struct parser *p, size_t lex_depth)
{
	size_t from = p->tok.span.start;
	const char *eol;

	if (p->tok.type == TOK_EOF)
		return;
	eol = memchr(p->text + from, '\n', p->src->len - from);
	p->lx.nmodes = lex_depth;
	p->lx.pos = eol != NULL ? (size_t)(eol - p->text) : p->src->len;
	if (eol != NULL && p->lx.pos > from && p->text[p->lx.pos - 1] == '\r')
		p->lx.pos--;
	p->tok = lex_next(&p->lx);
}

/*
 * The variables of a for expression or %{for}, after "for": "v in" or
 * "k, v in" (key NULL with one variable).  false after an error.
 */
static bool
parse_for_vars(struct parser *p, const char **key, struct span *key_span,
    const char **val, struct span *val_span)
{
	const char *after = "'for'";
	struct tok name;

	*key = NULL;
	for (;;) {
		if (peek(p)->type != TOK_IDENT) {
			perr(p, tok_span(p, peek(p)), NULL,
			    "expected a variable name after %s, found %s",
			    after, tok_desc(p, peek(p)));
			return false;
		}
		name = advance(p);
		*val = intern(p, p->text + name.span.start,
		    name.span.end - name.span.start);
		*val_span = name.span;
		if (*key != NULL || peek(p)->type != TOK_COMMA)
			break;
		advance(p);
		*key = *val;
		*key_span = *val_span;
		after = "','";
	}
	if (!is_keyword(p, peek(p), "in")) {
		perr(p, tok_span(p, peek(p)), NULL,
		    "expected 'in' after the for variables, found %s",
		    tok_desc(p, peek(p)));
		return false;
	}
	advance(p);
	return true;
}

/* Parse a %{ directive's insides into *tt; false when it is unusable. */
static bool
tpl_directive(struct parser *p, struct tok open, struct tpl_tok *tt)
{
	static const char *const kws[] = { "if", "for", "else", "endif",
		"endfor" };
	const struct tok *kw = peek(p);

	if (kw->type != TOK_IDENT) {
		perr(p, tok_span(p, kw), NULL,
		    "expected 'if', 'for', 'else', 'endif' or 'endfor' after "
		    "'%%{', found %s", tok_desc(p, kw));
		return false;
	}
	if (is_keyword(p, kw, "if")) {
		advance(p);
		tt->kind = TT_IF;
		tt->expr = parse_expression(p);
	} else if (is_keyword(p, kw, "else")) {
		advance(p);
		tt->kind = TT_ELSE;
	} else if (is_keyword(p, kw, "endif")) {
		advance(p);
		tt->kind = TT_ENDIF;
	} else if (is_keyword(p, kw, "endfor")) {
		advance(p);
		tt->kind = TT_ENDFOR;
	} else if (is_keyword(p, kw, "for")) {
		advance(p);
		tt->kind = TT_FOR;
		if (!parse_for_vars(p, &tt->key_var, &tt->key_span,
		    &tt->val_var, &tt->val_span))
			return false;
		tt->expr = parse_expression(p);
	} else {
		size_t n = kw->span.end - kw->span.start;
		char *word = arena_strndup(p->arena, p->text + kw->span.start,
		    n);
		const char *s = diag_suggest(word, kws, 5);

		perr(p, tok_span(p, kw),
		    s != NULL ? arena_printf(p->arena, "did you mean '%s'?", s)
			      : "the directives are if, else, endif, for and "
				"endfor",
		    "unknown template directive '%s'", word);
		return false;
	}
	(void)open;
	return true;
}

/* Read the flat pieces of a template up to the end token. */
static void
tpl_read(struct parser *p, enum tok_type end, bool quoted, struct tok open,
    size_t lex_depth, bool *closed)
{
	bool ltrim_next = false, can_trim_prev = false;

	*closed = false;
	for (;;) {
		const struct tok *t = peek(p);
		bool ltrim = ltrim_next, can_trim = can_trim_prev;
		struct tpl_tok *tt;
		struct tok seq;
		bool old;

		ltrim_next = false;
		can_trim_prev = false;
		if (p->abort)
			return;
		if (t->type == end) {
			advance(p);
			*closed = true;
			return;
		}
		switch (t->type) {
		case TOK_QUOTED_LIT:
		case TOK_STRING_LIT:
			tt = stack_push(p, sizeof(*tt));
			memset(tt, 0, sizeof(*tt));
			tpl_literal(p, t, quoted, tt);
			if (ltrim) {
				size_t k = template_space_prefix(tt->s, tt->len);

				tt->s += k;
				tt->len -= (uint32_t)k;
			}
			advance(p);
			can_trim_prev = true;
			break;
		case TOK_INTERP:
		case TOK_CONTROL:
			seq = advance(p);
			if ((seq.flags & TOKF_STRIP) && can_trim &&
			    p->st.len >= sizeof(*tt)) {
				tt = (struct tpl_tok *)(p->st.data + p->st.len -
				    sizeof(*tt));
				if (tt->kind == TT_LIT)
					tt->len = (uint32_t)template_trim_right(
					    tt->s, tt->len);
			}
			old = set_nl(p, false);
			{
				struct tpl_tok piece;
				bool ok = true;
				uint32_t errs = p->errs;

				memset(&piece, 0, sizeof(piece));
				if (seq.type == TOK_INTERP) {
					piece.kind = TT_INTERP;
					piece.expr = parse_expression(p);
				} else {
					ok = tpl_directive(p, seq, &piece);
				}
				if (ok && p->errs == errs)
					ltrim_next = tpl_seq_end(p, seq, quoted,
					    seq.type == TOK_INTERP ?
					    "an interpolation" : "a directive");
				set_nl(p, old);
				if (p->errs != errs) {
					if (quoted) {
						tpl_abandon_line(p, lex_depth);
						return;
					}
					recover_close(p, TOK_SEQ_END);
				}
				piece.span.start = seq.span.start;
				piece.span.end = p->prev_end;
				if (ok) {
					tt = stack_push(p, sizeof(*tt));
					*tt = piece;
				}
			}
			break;
		case TOK_EOF:
		case TOK_QUOTED_NEWLINE:
			if (end == TOK_CQUOTE)
				perr(p, open.span,
				    "a quoted string must end on the line where "
				    "it starts; write \\n for a newline, or use "
				    "a heredoc (<<EOT) for text of several lines",
				    "unterminated string");
			else if (end == TOK_CHEREDOC) {
				size_t m = open.span.start + 2;

				if (open.flags & TOKF_FLUSH)
					m++;
				perr(p, open.span,
				    "the heredoc needs a line holding only its "
				    "marker to end it",
				    "unterminated heredoc: no closing '%.*s' "
				    "marker before the end of the file",
				    (int)(open.span.end - m), p->text + m);
			}
			if (t->type == TOK_QUOTED_NEWLINE)
				advance(p);
			return;
		default:
			/* The lexer gives nothing else inside a template. */
			perr(p, tok_span(p, t), NULL, "unexpected %s in a string",
			    tok_desc(p, t));
			advance(p);
			break;
		}
	}
}

/*
 * The <<- rule (hclsyntax flushHeredocTemplateParts): find the smallest
 * white-space prefix, in grapheme clusters, of the literals that start a
 * line (lines of only white space do not count; a line starting with an
 * interpolation or directive counts as 0), and remove that many clusters.
 */
static void
tpl_flush(struct tpl_tok *tt, size_t n)
{
	size_t min = SIZE_MAX, i;
	bool newline = true;

	for (i = 0; i < n; i++) {
		if (newline) {
			size_t spaces = 0;

			newline = false;
			if (tt[i].kind == TT_LIT) {
				size_t k = template_space_prefix(tt[i].s,
				    tt[i].len);

				if (k == tt[i].len && tt[i].len > 0 &&
				    tt[i].s[tt[i].len - 1] == '\n')
					spaces = SIZE_MAX;
				else
					spaces = template_graphemes(tt[i].s, k);
			}
			if (spaces < min)
				min = spaces;
		}
		if (tt[i].kind == TT_LIT && tt[i].len > 0 &&
		    tt[i].s[tt[i].len - 1] == '\n')
			newline = true;
	}
	if (min == SIZE_MAX || min == 0)
		return;
	newline = true;
	for (i = 0; i < n; i++) {
		bool at_sol = newline;

		newline = false;
		if (tt[i].kind != TT_LIT)
			continue;
		if (tt[i].len > 0 && tt[i].s[tt[i].len - 1] == '\n')
			newline = true;
		if (at_sol) {
			size_t k = template_space_prefix(tt[i].s, tt[i].len);

			if (k == tt[i].len && newline)
				continue;	/* blank line: untouched */
			k = template_skip_graphemes(tt[i].s, tt[i].len, min);
			tt[i].s += k;
			tt[i].len -= (uint32_t)k;
			tt[i].span.start += (uint32_t)k;
		}
	}
}

/* tpl_nfc for text that is not all ASCII. */
static void
tpl_nfc_convert(struct parser *p, const char **s, uint32_t *len)
{
	template_nfc(&p->nbuf, *s, *len);
	if (p->nbuf.len != *len || memcmp(p->nbuf.data, *s, *len) != 0) {
		*s = pool_strndup(p, p->nbuf.data, p->nbuf.len);
		*len = (uint32_t)p->nbuf.len;
	}
}

/* Put literal text in NFC: a copy in the pool when that changes it. */
static inline void
tpl_nfc(struct parser *p, const char **s, uint32_t *len)
{
	if (!template_is_ascii(*s, *len))
		tpl_nfc_convert(p, s, len);
}

/* Join runs of adjacent literals and put each in NFC. */
static size_t
tpl_meld(struct parser *p, struct tpl_tok *tt, size_t n)
{
	size_t i = 0, out = 0;

	while (i < n) {
		size_t j = i + 1, total;

		if (tt[i].kind != TT_LIT) {
			tt[out++] = tt[i++];
			continue;
		}
		total = tt[i].len;
		while (j < n && tt[j].kind == TT_LIT)
			total += tt[j++].len;
		if (j > i + 1) {
			char *d = pool_alloc(p, total, 1), *w = d;

			for (size_t k = i; k < j; k++) {
				memcpy(w, tt[k].s, tt[k].len);
				w += tt[k].len;
			}
			tt[i].s = d;
			tt[i].len = (uint32_t)total;
			tt[i].span.end = tt[j - 1].span.end;
		}
		tpl_nfc(p, &tt[i].s, &tt[i].len);
		tt[out++] = tt[i];
		i = j;
	}
	return out;
}

/*
 * End the %{if} or %{for} of part at tt[*i], which should be its end
 * (TT_ENDIF or TT_ENDFOR): take it, or report what stands there instead
 * (taking that too) or the directive left open at the end.
 */
static void
tpl_close(struct parser *p, const struct tpl_tok *tt, size_t n, size_t *i,
    struct ast_tpl_part *part, enum tpl_tok_kind end)
{
	const char *what = end == TT_ENDIF ? "if" : "for";

	if (*i < n && tt[*i].kind == end) {
		part->span.end = tt[*i].span.end;
		(*i)++;
	} else if (*i < n) {
		perr(p, tt[*i].span, NULL,
		    "unexpected %%{%s}: the %%{%s} needs an %%{%s} first",
		    tt_name(tt[*i].kind), what, tt_name(end));
		(*i)++;
	} else {
		perr(p, part->span, NULL,
		    "unclosed %%{%s}: no %%{%s} before the end of the template",
		    what, tt_name(end));
	}
}

/*
 * Nest the flat pieces tt[*i..n) into parts until a closing directive;
 * stops at (without consuming) else/endif/endfor.
 */
static struct ast_template
tpl_build(struct parser *p, struct tpl_tok *tt, size_t n, size_t *i,
    unsigned level)
{
	struct ast_template t = { NULL, 0 };
	struct ast_tpl_part *parts;
	size_t count = 0, k, start = *i;

	/* First pass: count the parts at this level. */
	for (k = start; k < n;) {
		int nest = 0;

		if (tt[k].kind == TT_ELSE || tt[k].kind == TT_ENDIF ||
		    tt[k].kind == TT_ENDFOR)
			break;
		count++;
		if (tt[k].kind != TT_IF && tt[k].kind != TT_FOR) {
			k++;
			continue;
		}
		/* Skip to the matching end. */
		for (k++; k < n; k++) {
			if (tt[k].kind == TT_IF || tt[k].kind == TT_FOR)
				nest++;
			else if ((tt[k].kind == TT_ENDIF ||
			    tt[k].kind == TT_ENDFOR) && nest-- == 0)
				break;
		}
		if (k < n)
			k++;
	}
	if (count == 0)
		return t;
	parts = pool_alloc(p, count * sizeof(*parts), _Alignof(struct
	    ast_tpl_part));
	memset(parts, 0, count * sizeof(*parts));
	t.parts = parts;
	for (k = 0; k < count && *i < n; k++) {
		struct tpl_tok *x = &tt[*i];
		struct ast_tpl_part *part = &parts[k];

		part->span = x->span;
		(*i)++;
		switch (x->kind) {
		case TT_LIT:
			part->kind = AST_TPL_LITERAL;
			part->u.lit.s = x->s;
			part->u.lit.len = x->len;
			break;
		case TT_INTERP:
			part->kind = AST_TPL_INTERP;
			part->u.interp = x->expr;
			break;
		case TT_IF: {
			struct ast_tpl_if *d = POOL_NEW(p, struct ast_tpl_if);

			part->kind = AST_TPL_IF;
			part->u.ifd = d;
			d->cond = x->expr;
			if (p->depth + level >= PARSE_MAX_DEPTH) {
				too_deep(p, x->span);
				*i = n;
				break;
			}
			d->then_parts = tpl_build(p, tt, n, i, level + 1);
			if (*i < n && tt[*i].kind == TT_ELSE) {
				(*i)++;
				d->has_else = true;
				d->else_parts = tpl_build(p, tt, n, i, level + 1);
				if (*i < n && tt[*i].kind == TT_ELSE) {
					perr(p, tt[*i].span, NULL,
					    "unexpected %%{else}: this %%{if} "
					    "already has one");
					while (*i < n && tt[*i].kind != TT_ENDIF)
						(*i)++;
				}
			}
			tpl_close(p, tt, n, i, part, TT_ENDIF);
			break;
		}
		case TT_FOR: {
			struct ast_tpl_for *d = POOL_NEW(p, struct ast_tpl_for);

			part->kind = AST_TPL_FOR;
			part->u.ford = d;
			d->key_var = x->key_var;
			d->key_span = x->key_span;
			d->val_var = x->val_var;
			d->val_span = x->val_span;
			d->coll = x->expr;
			if (p->depth + level >= PARSE_MAX_DEPTH) {
				too_deep(p, x->span);
				*i = n;
				break;
			}
			d->body = tpl_build(p, tt, n, i, level + 1);
			tpl_close(p, tt, n, i, part, TT_ENDFOR);
			break;
		}
		default:
			break;
		}
	}
	t.nparts = (uint32_t)k;
	return t;
}

/* Turn the flat pieces on the stack (from mark) into an expression. */
static struct ast_expr *
tpl_finish(struct parser *p, size_t mark, bool flush, uint16_t flags,
    uint32_t start, uint32_t end)
{
	struct tpl_tok *tt = (struct tpl_tok *)(p->st.data + mark);
	size_t n = (p->st.len - mark) / sizeof(*tt), i = 0;
	struct ast_expr *e;

	if (flush)
		tpl_flush(tt, n);
	n = tpl_meld(p, tt, n);
	if (n == 0 || (n == 1 && tt[0].kind == TT_LIT)) {
		e = node(p, AST_LITERAL, start, end);
		e->flags = flags;
		e->u.lit.kind = AST_LIT_STRING;
		e->u.lit.s = n == 0 ? "" : tt[0].s;
		e->u.lit.len = n == 0 ? 0 : tt[0].len;
		p->st.len = mark;
		return e;
	}
	e = node(p, AST_TEMPLATE, start, end);
	e->flags = flags;
	e->u.tpl = tpl_build(p, tt, n, &i, 0);
	while (i < n) {
		/* An else, endif or endfor with no opening directive. */
		perr(p, tt[i].span, NULL, "unexpected %%{%s}: no %%{%s} is open",
		    tt_name(tt[i].kind), tt[i].kind == TT_ENDFOR ? "for" : "if");
		i++;
		if (i < n) {
			struct ast_template more = tpl_build(p, tt, n, &i, 0);

			(void)more;
		}
	}
	p->st.len = mark;
	return e;
}

/*
 * A quoted string of plain text, "text" or "", whose opening quote was
 * just read: the string node, or NULL (nothing read) for anything else.
 * Most strings are like this, and need none of the template machinery.
 * A literal token with no escapes ends at a quote only when that quote
 * closes the string.
 */
static struct ast_expr *
parse_plain_string(struct parser *p, struct tok open)
{
	const struct tok *t = peek(p);
	struct ast_expr *e;
	const char *s = "";
	uint32_t len = 0;

	if (t->type == TOK_QUOTED_LIT) {
		if ((t->flags & TOKF_ESCAPES) || p->text[t->span.end] != '"')
			return NULL;
		s = p->text + t->span.start;
		len = t->span.end - t->span.start;
		advance(p);
		tpl_nfc(p, &s, &len);
	} else if (t->type != TOK_CQUOTE) {
		return NULL;
	}
	advance(p);
	e = node(p, AST_LITERAL, open.span.start, p->prev_end);
	e->flags = AST_F_QUOTED;
	e->u.lit.kind = AST_LIT_STRING;
	e->u.lit.s = s;
	e->u.lit.len = len;
	return e;
}

/* A quoted string or heredoc (the opener is the lookahead). */
static struct ast_expr *
parse_template_expr(struct parser *p)
{
	/* The lexer entered the string's mode when it read the opener. */
	size_t lex_depth = p->lx.nmodes - 1;
	struct tok open = advance(p);
	bool quoted = open.type == TOK_OQUOTE, closed;
	size_t mark = p->st.len;
	struct ast_expr *e;
	bool old;

	if (quoted && (e = parse_plain_string(p, open)) != NULL)
		return e;
	old = set_nl(p, false);

	tpl_read(p, quoted ? TOK_CQUOTE : TOK_CHEREDOC, quoted, open,
	    lex_depth, &closed);
	set_nl(p, old);
	return tpl_finish(p, mark, (open.flags & TOKF_FLUSH) != 0,
	    quoted ? AST_F_QUOTED : AST_F_HEREDOC, open.span.start,
	    p->prev_end > open.span.end ? p->prev_end : open.span.end);
}

/* ---- expressions ----------------------------------------------------- */

/* A literal number from a token; s points at the source text. */
static struct ast_expr *
number(struct parser *p, const struct tok *t)
{
	struct ast_expr *e = node(p, AST_LITERAL, t->span.start, t->span.end);

	e->u.lit.kind = AST_LIT_NUMBER;
	e->u.lit.s = p->text + t->span.start;
	e->u.lit.len = t->span.end - t->span.start;
	return e;
}

/* Copy the pending traversal steps (from mark) into e. */
static void
trav_finish(struct parser *p, struct ast_expr *e, size_t mark)
{
	e->u.trav.steps = stack_take(p, mark, sizeof(struct ast_step),
	    _Alignof(struct ast_step), &e->nsteps);
	e->height = e->nsteps != 0 ? 2 : 1;
}

/* Report an unclosed bracket at its opener. */
static void
unclosed(struct parser *p, struct tok open, const char *closer,
    const char *what)
{
	perr(p, open.span, arena_printf(p->arena, "add the missing '%s'",
	    closer), "unclosed '%.*s': this %s has no matching '%s'",
	    (int)(open.span.end - open.span.start), p->text + open.span.start,
	    what, closer);
}

/*
 * When an unexpected token inside brackets starts a later line than the
 * opener, the likely mistake is a missing closer: report that at the
 * opener and let the next body item start at the token.
 */
static bool
lost_closer(struct parser *p, struct tok open, const char *closer,
    const char *what)
{
	const struct tok *t = peek(p);

	if (!p->after_nl || p->recovery || t->type == TOK_EOF ||
	    memchr(p->text + open.span.start, '\n',
	    t->span.start - open.span.start) == NULL)
		return false;
	unclosed(p, open, closer, what);
	p->errs++;
	p->resync = true;
	return true;
}

/* f(args) or ns::f(args); name is the consumed first identifier. */
static struct ast_expr *
parse_call(struct parser *p, struct tok name)
{
	struct ast_call *c = POOL_NEW(p, struct ast_call);
	struct ast_expr *e = node(p, AST_CALL, name.span.start, name.span.end);
	size_t mark = p->st.len;
	struct tok open;
	bool old;

	e->u.call = c;
	c->name_span = name.span;
	buf_reset(&p->sbuf);
	buf_append(&p->sbuf, p->text + name.span.start,
	    name.span.end - name.span.start);
	while (peek(p)->type == TOK_DCOLON) {
		advance(p);
		if (peek(p)->type != TOK_IDENT) {
			perr(p, tok_span(p, peek(p)), NULL,
			    "expected a function name after '::', found %s",
			    tok_desc(p, peek(p)));
			return invalid(p, name.span.start, p->prev_end);
		}
		name = advance(p);
		buf_puts(&p->sbuf, "::");
		buf_append(&p->sbuf, p->text + name.span.start,
		    name.span.end - name.span.start);
		c->name_span.end = name.span.end;
	}
	c->name = intern(p, p->sbuf.data, p->sbuf.len);
	if (peek(p)->type != TOK_LPAREN) {
		perr(p, tok_span(p, peek(p)), NULL,
		    "expected '(' after the function name '%s', found %s",
		    c->name, tok_desc(p, peek(p)));
		return invalid(p, e->span.start, p->prev_end);
	}
	open = advance(p);
	old = set_nl(p, false);
	for (;;) {
		const struct tok *t = peek(p);
		struct ast_expr *arg;

		if (t->type == TOK_RPAREN) {
			advance(p);
			break;
		}
		if (t->type == TOK_EOF) {
			unclosed(p, open, ")", "function call");
			break;
		}
		arg = parse_expression(p);
		stack_push_ptr(p, arg);
		if (p->recovery) {
			recover_close(p, TOK_RPAREN);
			break;
		}
		t = peek(p);
		if (t->type == TOK_RPAREN) {
			advance(p);
			break;
		}
		if (t->type == TOK_ELLIPSIS) {
			struct tok dots = advance(p);

			e->flags |= AST_F_EXPAND;
			c->expand_span = dots.span;
			if (peek(p)->type == TOK_RPAREN) {
				advance(p);
			} else {
				perr(p, tok_span(p, peek(p)),
				    "only the last argument can be expanded",
				    "expected ')' after '...', found %s",
				    tok_desc(p, peek(p)));
				recover_close(p, TOK_RPAREN);
			}
			break;
		}
		if (t->type == TOK_COMMA) {
			advance(p);
			continue;
		}
		if (t->type == TOK_EOF)
			unclosed(p, open, ")", "function call");
		else if (!lost_closer(p, open, ")", "function call")) {
			perr(p, tok_span(p, t),
			    "arguments are separated by commas",
			    "expected ',' or ')' after a function argument, "
			    "found %s", tok_desc(p, t));
			recover_close(p, TOK_RPAREN);
		}
		break;
	}
	set_nl(p, old);
	c->args = stack_take(p, mark, sizeof(struct ast_expr *),
	    _Alignof(struct ast_expr *), &c->nargs);
	e->span.end = p->prev_end;
	return e;
}

/* The rest of a for expression after [ or { (the lookahead is "for"). */
static struct ast_expr *
parse_for(struct parser *p, struct tok open)
{
	enum tok_type closer = open.type == TOK_LBRACE ? TOK_RBRACE :
	    TOK_RBRACK;
	struct ast_for *f = POOL_NEW(p, struct ast_for);
	struct ast_expr *e;
	struct span ellipsis = { 0, 0 };
	bool old = set_nl(p, false);

	f->object = open.type == TOK_LBRACE;
	advance(p);	/* for */
	if (!parse_for_vars(p, &f->key_var, &f->key_span, &f->val_var,
	    &f->val_span))
		goto fail;
	f->coll = parse_expression(p);
	if (p->recovery)
		goto fail;
	if (peek(p)->type != TOK_COLON) {
		perr(p, tok_span(p, peek(p)), NULL,
		    "expected ':' after the for collection, found %s",
		    tok_desc(p, peek(p)));
		goto fail;
	}
	advance(p);
	f->val = parse_expression(p);
	if (!p->recovery && peek(p)->type == TOK_FATARROW) {
		advance(p);
		f->key = f->val;
		f->val = parse_expression(p);
	}
	if (p->recovery)
		goto fail;
	if (peek(p)->type == TOK_ELLIPSIS) {
		ellipsis = advance(p).span;
		f->group = true;
	}
	if (is_keyword(p, peek(p), "if")) {
		advance(p);
		f->cond = parse_expression(p);
		if (p->recovery)
			goto fail;
	}
	if (peek(p)->type != closer) {
		if (peek(p)->type == TOK_EOF)
			unclosed(p, open, closer == TOK_RBRACE ? "}" : "]",
			    "for expression");
		else if (!lost_closer(p, open, closer == TOK_RBRACE ? "}" :
		    "]", "for expression"))
			perr(p, tok_span(p, peek(p)), NULL,
			    "expected '%s' to end the for expression, found %s",
			    closer == TOK_RBRACE ? "}" : "]",
			    tok_desc(p, peek(p)));
		goto fail;
	}
	set_nl(p, old);
	advance(p);
	e = node(p, AST_FOR, open.span.start, p->prev_end);
	e->u.forx = f;
	if (!f->object && f->key != NULL)
		perr(p, f->key->span, "'k => v' builds objects: use {for ...}",
		    "a key expression is not allowed in a tuple for expression");
	else if (!f->object && f->group)
		perr(p, ellipsis, "'...' groups object values: use {for ...}",
		    "grouping '...' is not allowed in a tuple for expression");
	else if (f->object && f->key == NULL)
		perr(p, f->val->span,
		    "write the key and the value as {for k, v in m : k => v}",
		    "an object for expression needs a key expression ('=>')");
	return e;
fail:
	if (peek(p)->type != TOK_EOF)
		recover_close(p, closer);
	set_nl(p, old);
	return invalid(p, open.span.start, p->prev_end);
}

/* [a, b, c] or [for ...]. */
static struct ast_expr *
parse_tuple(struct parser *p)
{
	struct tok open = advance(p);
	size_t mark = p->st.len;
	struct ast_expr *e;
	bool old = set_nl(p, false);

	if (is_keyword(p, peek(p), "for")) {
		set_nl(p, old);
		return parse_for(p, open);
	}
	for (;;) {
		const struct tok *t = peek(p);

		if (t->type == TOK_RBRACK) {
			advance(p);
			break;
		}
		if (t->type == TOK_EOF) {
			unclosed(p, open, "]", "tuple");
			break;
		}
		stack_push_ptr(p, parse_expression(p));
		if (p->recovery) {
			recover_close(p, TOK_RBRACK);
			break;
		}
		t = peek(p);
		if (t->type == TOK_RBRACK) {
			advance(p);
			break;
		}
		if (t->type == TOK_COMMA) {
			advance(p);
			continue;
		}
		if (t->type == TOK_EOF)
			unclosed(p, open, "]", "tuple");
		else if (!lost_closer(p, open, "]", "tuple")) {
			perr(p, tok_span(p, t),
			    "tuple elements are separated by commas",
			    "expected ',' or ']' after a tuple element, found %s",
			    tok_desc(p, t));
			recover_close(p, TOK_RBRACK);
		}
		break;
	}
	set_nl(p, old);
	e = node(p, AST_TUPLE, open.span.start, p->prev_end);
	e->u.tuple.items = stack_take(p, mark, sizeof(struct ast_expr *),
	    _Alignof(struct ast_expr *), &e->u.tuple.n);
	return e;
}

/* {k = v, ...} or {for ...}. */
static struct ast_expr *
parse_object(struct parser *p)
{
	struct tok open = advance(p);
	size_t mark = p->st.len;
	struct ast_expr *e;
	bool old = set_nl(p, false);

	if (is_keyword(p, peek(p), "for")) {
		set_nl(p, old);
		return parse_for(p, open);
	}
	set_nl(p, true);
	for (;;) {
		const struct tok *t = peek(p);
		struct ast_item item;

		if (t->type == TOK_NEWLINE) {
			advance(p);
			continue;
		}
		if (t->type == TOK_RBRACE) {
			advance(p);
			break;
		}
		if (t->type == TOK_EOF) {
			unclosed(p, open, "}", "object");
			break;
		}
		memset(&item, 0, sizeof(item));
		item.key = parse_expression(p);
		item.key_ident = item.key->kind == AST_TRAVERSAL &&
		    item.key->nsteps == 0;
		if (p->recovery) {
			recover_close(p, TOK_RBRACE);
			break;
		}
		t = peek(p);
		if (t->type != TOK_EQUAL && t->type != TOK_COLON) {
			if (t->type == TOK_EOF)
				unclosed(p, open, "}", "object");
			else if (t->type == TOK_NEWLINE || t->type == TOK_COMMA)
				perr(p, tok_span(p, t),
				    "an object item is written as key = value",
				    "expected '=' after the object key, found %s",
				    tok_desc(p, t));
			else
				perr(p, tok_span(p, t),
				    "an object item is written as key = value; "
				    "quote a key that holds spaces or dots",
				    "expected '=' or ':' after the object key, "
				    "found %s", tok_desc(p, t));
			recover_close(p, TOK_RBRACE);
			break;
		}
		advance(p);
		item.value = parse_expression(p);
		memcpy(stack_push(p, sizeof(item)), &item, sizeof(item));
		if (p->recovery) {
			recover_close(p, TOK_RBRACE);
			break;
		}
		t = peek(p);
		if (t->type == TOK_RBRACE) {
			advance(p);
			break;
		}
		if (t->type == TOK_COMMA || t->type == TOK_NEWLINE) {
			advance(p);
			continue;
		}
		if (t->type == TOK_EOF)
			unclosed(p, open, "}", "object");
		else {
			perr(p, tok_span(p, t),
			    "object items are separated by commas or newlines",
			    "expected ',', a newline or '}' after an object item, "
			    "found %s", tok_desc(p, t));
			recover_close(p, TOK_RBRACE);
		}
		break;
	}
	set_nl(p, old);
	e = node(p, AST_OBJECT, open.span.start, p->prev_end);
	e->u.object.items = stack_take(p, mark, sizeof(struct ast_item),
	    _Alignof(struct ast_item), &e->u.object.n);
	return e;
}

/* A term: literal, name, call, bracketed form, template, or unary op. */
static struct ast_expr *
parse_term(struct parser *p)
{
	const struct tok *t = peek(p);
	struct span at = tok_span(p, t);
	struct ast_expr *e, *inner;
	struct tok tk, open;
	bool old;

	if (!enter(p, t))
		return invalid(p, t->span.start, t->span.end);
	switch (t->type) {
	case TOK_LPAREN:
		open = advance(p);
		old = set_nl(p, false);
		inner = parse_expression(p);
		if (p->recovery) {
			recover_close(p, TOK_RPAREN);
			set_nl(p, old);
			e = inner;
			break;
		}
		if (peek(p)->type == TOK_RPAREN) {
			advance(p);
		} else if (peek(p)->type == TOK_EOF) {
			unclosed(p, open, ")", "parenthesis");
		} else if (!lost_closer(p, open, ")", "parenthesis")) {
			perr(p, tok_span(p, peek(p)), NULL,
			    "expected ')' after the expression, found %s",
			    tok_desc(p, peek(p)));
			recover_close(p, TOK_RPAREN);
		}
		set_nl(p, old);
		e = node(p, AST_PAREN, open.span.start, p->prev_end);
		e->u.paren.inner = inner;
		break;
	case TOK_NUMBER:
		tk = advance(p);
		e = number(p, &tk);
		break;
	case TOK_IDENT:
		tk = advance(p);
		t = peek(p);
		if (t->type == TOK_LPAREN || t->type == TOK_DCOLON) {
			e = parse_call(p, tk);
			break;
		}
		e = node(p, AST_LITERAL, tk.span.start, tk.span.end);
		if (is_keyword(p, &tk, "true") || is_keyword(p, &tk, "false")) {
			e->u.lit.kind = AST_LIT_BOOL;
			e->u.lit.b = p->text[tk.span.start] == 't';
		} else if (is_keyword(p, &tk, "null")) {
			e->u.lit.kind = AST_LIT_NULL;
		} else {
			e->kind = AST_TRAVERSAL;
			memset(&e->u, 0, sizeof(e->u));
			e->u.trav.root = intern(p, p->text + tk.span.start,
			    tk.span.end - tk.span.start);
		}
		break;
	case TOK_OQUOTE:
	case TOK_OHEREDOC:
		e = parse_template_expr(p);
		break;
	case TOK_MINUS:
	case TOK_BANG:
		tk = advance(p);
		inner = parse_postfix(p, parse_term(p));
		e = node(p, AST_UNARY, tk.span.start, inner->span.end);
		e->op = tk.type == TOK_MINUS ? AST_OP_NEG : AST_OP_NOT;
		e->u.unary.operand = inner;
		break;
	case TOK_LBRACK:
		e = parse_tuple(p);
		break;
	case TOK_LBRACE:
		e = parse_object(p);
		break;
	case TOK_EOF:
		perr(p, tok_span(p, t), NULL,
		    "expected an expression, found the end of the file");
		e = invalid(p, t->span.start, t->span.end);
		break;
	default:
		perr(p, tok_span(p, t), NULL, "expected an expression, found %s",
		    tok_desc(p, t));
		e = invalid(p, t->span.start, t->span.end);
		break;
	}
	e = grown(p, e, at);
	leave(p);
	return e;
}

/* Whether an index key makes a static traversal step. */
static bool
static_key(const struct ast_expr *k)
{
	return k->kind == AST_LITERAL;
}

/*
 * Postfix steps after a term: .name, .N, [key], .* and [*] (hclsyntax
 * parseExpressionTraversals).  Static steps on a bare name extend its
 * traversal; others wrap the expression.
 */
static struct ast_expr *
parse_postfix(struct parser *p, struct ast_expr *e)
{
	bool trav = e->kind == AST_TRAVERSAL && e->nsteps == 0;
	size_t mark = p->st.len;
	uint32_t start = e->span.start;

	for (;;) {
		const struct tok *t = peek(p);
		struct ast_step step;
		struct tok dot, x, open;

		if (p->recovery || p->abort)
			break;
		memset(&step, 0, sizeof(step));
		if (t->type == TOK_DOT) {
			dot = advance(p);
			t = peek(p);
			if (t->type == TOK_IDENT) {
				x = advance(p);
				step.kind = AST_STEP_ATTR;
				step.u.name = step_name(p, &x);
			} else if (t->type == TOK_NUMBER) {
				x = advance(p);
				if (memchr(p->text + x.span.start, '.',
				    x.span.end - x.span.start) != NULL) {
					perr(p, x.span,
					    "write the indexes in brackets, like "
					    "[0][1]",
					    "chained legacy indexes like '.%.*s' "
					    "are not allowed",
					    (int)(x.span.end - x.span.start),
					    p->text + x.span.start);
					break;
				}
				step.kind = AST_STEP_LEGACY_INDEX;
				step.u.key = number(p, &x);
			} else if (t->type == TOK_STAR) {
				struct ast_expr *item, *each, *s;
				bool entered;

				x = advance(p);
				if (trav) {
					trav_finish(p, e, mark);
					trav = false;
				}
				item = node(p, AST_SPLAT_ITEM, dot.span.start,
				    x.span.end);
				each = item;
				/* The steps nest one level down, as after [*]. */
				entered = enter(p, &x);
				while (entered && peek(p)->type == TOK_DOT) {
					struct tok d2 = advance(p), y;

					t = peek(p);
					if (t->type == TOK_IDENT) {
						struct ast_expr *g;

						y = advance(p);
						g = node(p, AST_GETATTR,
						    each->span.start, y.span.end);
						g->u.getattr.obj = each;
						g->u.getattr.name = step_name(p,
						    &y);
						each = grown(p, g, y.span);
					} else if (t->type == TOK_NUMBER &&
					    memchr(p->text + t->span.start, '.',
					    t->span.end - t->span.start) == NULL) {
						struct ast_expr *g;

						y = advance(p);
						g = node(p, AST_INDEX,
						    each->span.start, y.span.end);
						g->u.index.coll = each;
						g->u.index.key = number(p, &y);
						g->legacy = true;
						each = grown(p, g, y.span);
					} else if (t->type == TOK_STAR) {
						perr(p, tok_span(p, t),
						    "use the full splat '[*]' "
						    "to apply a splat to each "
						    "element",
						    "a splat '.*' cannot be "
						    "nested inside another '.*'");
						break;
					} else {
						perr(p, tok_span(p, t), NULL,
						    "expected an attribute name "
						    "after '.', found %s",
						    tok_desc(p, t));
						break;
					}
					(void)d2;
					if (p->abort)
						break;
				}
				if (entered)
					leave(p);
				s = node(p, AST_SPLAT, start, p->prev_end);
				s->flags = AST_F_ATTR_ONLY;
				s->u.splat = POOL_NEW(p, struct ast_splat);
				s->u.splat->source = e;
				s->u.splat->each = each;
				s->u.splat->item = item;
				e = grown(p, s, x.span);
				continue;
			} else {
				perr(p, tok_span(p, t), NULL,
				    "expected an attribute name after '.', "
				    "found %s", tok_desc(p, t));
				break;
			}
			step.span = span_make(dot.span.start, x.span.end);
		} else if (t->type == TOK_LBRACK) {
			struct ast_expr *key, *s, *item;
			bool old;

			open = advance(p);
			if (peek(p)->type == TOK_STAR) {
				advance(p);
				if (peek(p)->type == TOK_RBRACK) {
					advance(p);
				} else {
					perr(p, tok_span(p, peek(p)), NULL,
					    "expected ']' after '[*', found %s",
					    tok_desc(p, peek(p)));
					recover_close(p, TOK_RBRACK);
				}
				if (trav) {
					trav_finish(p, e, mark);
					trav = false;
				}
				item = node(p, AST_SPLAT_ITEM, open.span.start,
				    p->prev_end);
				s = node(p, AST_SPLAT, start, p->prev_end);
				s->u.splat = POOL_NEW(p, struct ast_splat);
				s->u.splat->source = e;
				s->u.splat->item = item;
				if (!enter(p, &open)) {
					s->u.splat->each = item;
					return grown(p, s, open.span);
				}
				s->u.splat->each = parse_postfix(p, item);
				leave(p);
				s->span.end = s->u.splat->each->span.end;
				e = grown(p, s, open.span);
				continue;
			}
			/* Keys nest: a[b[c[0]]]. */
			if (!enter(p, &open))
				break;
			old = set_nl(p, false);
			key = parse_expression(p);
			if (p->recovery) {
				recover_close(p, TOK_RBRACK);
			} else if (peek(p)->type == TOK_RBRACK) {
				advance(p);
			} else if (peek(p)->type == TOK_EOF) {
				unclosed(p, open, "]", "index");
			} else if (!lost_closer(p, open, "]", "index")) {
				perr(p, tok_span(p, peek(p)), NULL,
				    "expected ']' after the index, found %s",
				    tok_desc(p, peek(p)));
				recover_close(p, TOK_RBRACK);
			}
			set_nl(p, old);
			leave(p);
			if (static_key(key)) {
				step.kind = AST_STEP_INDEX;
				step.u.key = key;
				step.span = span_make(open.span.start,
				    p->prev_end);
			} else {
				struct ast_expr *ix;

				if (trav) {
					trav_finish(p, e, mark);
					trav = false;
				}
				ix = node(p, AST_INDEX, start, p->prev_end);
				ix->u.index.coll = e;
				ix->u.index.key = key;
				e = grown(p, ix, open.span);
				continue;
			}
		} else {
			break;
		}
		/* A static step. */
		if (trav) {
			memcpy(stack_push(p, sizeof(step)), &step, sizeof(step));
			e->span.end = step.span.end;
		} else if (step.kind == AST_STEP_ATTR) {
			struct ast_expr *g = node(p, AST_GETATTR, start,
			    step.span.end);

			g->u.getattr.obj = e;
			g->u.getattr.name = step.u.name;
			e = grown(p, g, step.span);
		} else {
			struct ast_expr *ix = node(p, AST_INDEX, start,
			    step.span.end);

			ix->u.index.coll = e;
			ix->u.index.key = step.u.key;
			ix->legacy = step.kind == AST_STEP_LEGACY_INDEX;
			e = grown(p, ix, step.span);
		}
	}
	if (trav)
		trav_finish(p, e, mark);
	return e;
}

/* Binding power of a binary operator token, or 0. */
static int
binary_prec(enum tok_type t, enum ast_op *op)
{
	switch (t) {
	case TOK_OR:
		*op = AST_OP_OR;
		return 1;
	case TOK_AND:
		*op = AST_OP_AND;
		return 2;
	case TOK_EQEQ:
		*op = AST_OP_EQ;
		return 3;
	case TOK_NOTEQ:
		*op = AST_OP_NE;
		return 3;
	case TOK_LT:
		*op = AST_OP_LT;
		return 4;
	case TOK_GT:
		*op = AST_OP_GT;
		return 4;
	case TOK_LE:
		*op = AST_OP_LE;
		return 4;
	case TOK_GE:
		*op = AST_OP_GE;
		return 4;
	case TOK_PLUS:
		*op = AST_OP_ADD;
		return 5;
	case TOK_MINUS:
		*op = AST_OP_SUB;
		return 5;
	case TOK_STAR:
		*op = AST_OP_MUL;
		return 6;
	case TOK_SLASH:
		*op = AST_OP_DIV;
		return 6;
	case TOK_PERCENT:
		*op = AST_OP_MOD;
		return 6;
	default:
		return 0;
	}
}

/* Binary operators by precedence climbing; each level left associative. */
static struct ast_expr *
parse_binary(struct parser *p, int min_prec)
{
	struct ast_expr *lhs = parse_postfix(p, parse_term(p));

	for (;;) {
		enum ast_op op;
		int prec;
		struct ast_expr *rhs, *b;
		struct tok optok;

		if (p->recovery || p->abort)
			return lhs;
		prec = binary_prec(peek(p)->type, &op);
		if (prec == 0 || prec < min_prec)
			return lhs;
		optok = advance(p);
		rhs = parse_binary(p, prec + 1);
		b = node(p, AST_BINARY, lhs->span.start, rhs->span.end);
		b->op = op;
		b->u.binary.lhs = lhs;
		b->u.binary.rhs = rhs;
		/* A long chain is a deep tree: ((a + b) + c) + d. */
		lhs = grown(p, b, optok.span);
	}
}

/*
 * A whole expression: binary operators, then an optional c ? a : b.  The
 * two branches take a nesting level, as a ? b : c ? d : e nests to the
 * right.
 */
static struct ast_expr *
parse_expression(struct parser *p)
{
	struct ast_expr *cond = parse_binary(p, 1), *a, *b, *e;
	struct tok q;

	if (p->recovery || p->abort || peek(p)->type != TOK_QUESTION)
		return cond;
	q = advance(p);
	if (!enter(p, &q))
		return invalid(p, cond->span.start, p->prev_end);
	a = parse_expression(p);
	if (p->recovery) {
		leave(p);
		return cond;
	}
	if (peek(p)->type != TOK_COLON) {
		perr(p, tok_span(p, peek(p)),
		    "a conditional is written as cond ? a : b",
		    "expected ':' in the conditional, found %s",
		    tok_desc(p, peek(p)));
		leave(p);
		return invalid(p, cond->span.start, p->prev_end);
	}
	advance(p);
	b = parse_expression(p);
	leave(p);
	e = node(p, AST_COND, cond->span.start, b->span.end);
	e->u.cond = POOL_NEW(p, struct ast_cond);
	e->u.cond->cond = cond;
	e->u.cond->then_expr = a;
	e->u.cond->else_expr = b;
	return grown(p, e, q.span);
}

/* ---- bodies ---------------------------------------------------------- */

/* One entry of a body being built on the stack. */
struct body_item {
	bool is_block;
	uint32_t serial;	/* the body it belongs to */
	union {
		struct ast_attr attr;
		struct ast_block block;
	} u;
};

/* Bodies with more attributes than this use a hash to find duplicates. */
#define DUP_LINEAR 16

/* Duplicate detection state of one body. */
struct dups {
	size_t mark;		/* stack offset of the body's first item */
	uint32_t serial;
	uint32_t nattrs;
	uint32_t *slot;		/* owned; item indexes + 1, 0 empty */
	size_t mask;
};

/* The item at index i of the body. */
static struct body_item *
body_at(struct parser *p, const struct dups *d, size_t i)
{
	return (struct body_item *)(p->st.data + d->mark) + i;
}

/* Insert attribute item idx into the hash. */
static void
dups_insert(struct parser *p, struct dups *d, size_t idx)
{
	const char *name = body_at(p, d, idx)->u.attr.name;
	size_t i = (size_t)((uintptr_t)name >> 3) * 11400714819323198485u;

	for (i &= d->mask; d->slot[i] != 0; i = (i + 1) & d->mask)
		;
	d->slot[i] = (uint32_t)idx + 1;
}

/*
 * The earlier attribute named name in this body, or NULL.  Names are
 * interned, so pointers compare.
 */
static const struct ast_attr *
dups_find(struct parser *p, struct dups *d, const char *name)
{
	size_t n = (p->st.len - d->mark) / sizeof(struct body_item), i;

	if (d->nattrs <= DUP_LINEAR) {
		for (i = 0; i < n; i++) {
			struct body_item *it = body_at(p, d, i);

			if (!it->is_block && it->u.attr.name == name)
				return &it->u.attr;
		}
		return NULL;
	}
	if (d->slot == NULL || d->nattrs * 2 > d->mask + 1) {
		size_t size = 64;

		while (size < (size_t)d->nattrs * 4)
			size *= 2;
		free(d->slot);
		d->slot = xcalloc(size, sizeof(*d->slot));
		d->mask = size - 1;
		for (i = 0; i < n; i++)
			if (!body_at(p, d, i)->is_block)
				dups_insert(p, d, i);
	}
	i = (size_t)((uintptr_t)name >> 3) * 11400714819323198485u;
	for (i &= d->mask; d->slot[i] != 0; i = (i + 1) & d->mask) {
		struct body_item *it = body_at(p, d, d->slot[i] - 1);

		if (it->u.attr.name == name)
			return &it->u.attr;
	}
	return NULL;
}

/* Record a new attribute of the body (already pushed as the last item). */
static void
dups_add(struct parser *p, struct dups *d)
{
	size_t n = (p->st.len - d->mark) / sizeof(struct body_item);

	d->nattrs++;
	if (d->slot != NULL && d->nattrs * 2 <= d->mask + 1)
		dups_insert(p, d, n - 1);
	else if (d->slot != NULL) {
		free(d->slot);
		d->slot = NULL;	/* rebuilt on the next lookup */
	}
}

static void parse_body(struct parser *p, struct ast_body *body,
    enum tok_type end, struct tok open);

/*
 * name = expr, with the name consumed.  single: inside a one-line block,
 * where no newline follows.
 */
static void
parse_attr(struct parser *p, struct tok name, struct dups *d, bool single)
{
	struct ast_attr attr;
	const struct ast_attr *first;
	struct body_item *it;
	const struct tok *t;

	memset(&attr, 0, sizeof(attr));
	attr.name = intern(p, p->text + name.span.start,
	    name.span.end - name.span.start);
	attr.name_span = name.span;
	advance(p);	/* = */
	attr.expr = parse_expression(p);
	if (p->recovery) {
		if (!single)
			recover_line(p);
	} else if (!single) {
		t = peek(p);
		if (t->type == TOK_NEWLINE) {
			advance(p);
		} else if (t->type != TOK_EOF) {
			if (t->type == TOK_COMMA)
				perr(p, tok_span(p, t),
				    "attributes are separated by newlines, not "
				    "commas",
				    "unexpected ',' after the attribute '%s'",
				    attr.name);
			else
				perr(p, tok_span(p, t),
				    "an attribute definition ends at the end of "
				    "its line",
				    "expected a newline after the attribute '%s', "
				    "found %s", attr.name, tok_desc(p, t));
			recover_line(p);
		}
	}
	first = dups_find(p, d, attr.name);
	if (first != NULL) {
		struct src_pos pos = source_pos(p->src, first->name_span.start);

		diag_set_detail(diag_error(p->dl, p->src, attr.name_span,
		    "attribute '%s' is already defined", attr.name),
		    "it was first set on line %u; each attribute can be set "
		    "only once in a body", pos.line);
		return;
	}
	it = stack_push(p, sizeof(*it));
	memset(it, 0, sizeof(*it));
	it->serial = d->serial;
	it->u.attr = attr;
	dups_add(p, d);
}

/* A block label: an identifier or a quoted string without templates. */
static bool
parse_label(struct parser *p, struct ast_label *l)
{
	const struct tok *t = peek(p);
	struct tok tk, open;
	size_t lex_depth;
	const char *s;
	uint32_t len;

	if (t->type == TOK_IDENT) {
		tk = advance(p);
		l->s = intern(p, p->text + tk.span.start,
		    tk.span.end - tk.span.start);
		l->len = tk.span.end - tk.span.start;
		l->span = tk.span;
		return true;
	}
	lex_depth = p->lx.nmodes - 1;
	open = advance(p);	/* the opening quote */
	buf_reset(&p->sbuf);
	for (;;) {
		t = peek(p);
		if (t->type == TOK_CQUOTE) {
			advance(p);
			break;
		}
		if (t->type == TOK_QUOTED_LIT) {
			if (t->flags & TOKF_ESCAPES)
				template_decode(&p->sbuf, p->src, t->span.start,
				    t->span.end, true, p->dl);
			else
				buf_append(&p->sbuf, p->text + t->span.start,
				    t->span.end - t->span.start);
			advance(p);
			continue;
		}
		if (t->type == TOK_INTERP || t->type == TOK_CONTROL) {
			char c = p->text[t->span.start];

			perr(p, tok_span(p, t),
			    arena_printf(p->arena, "to write a literal '%c{', "
			    "write '%c%c{'", c, c, c),
			    "a block label cannot hold a template sequence");
			/* Skip the sequence; the label goes on after it. */
			advance(p);
			if (!recover_close(p, TOK_SEQ_END)) {
				tpl_abandon_line(p, lex_depth);
				return false;
			}
			continue;
		}
		perr(p, open.span,
		    "a quoted string must end on the line where it starts",
		    "unterminated string");
		if (t->type == TOK_QUOTED_NEWLINE)
			advance(p);
		return false;
	}
	s = p->sbuf.data != NULL ? p->sbuf.data : "";
	len = (uint32_t)p->sbuf.len;
	tpl_nfc(p, &s, &len);
	/* The decoded text is in sbuf, which the next string reuses. */
	l->s = s == p->sbuf.data ? pool_strndup(p, s, len) : s;
	l->len = len;
	l->span = span_make(open.span.start, p->prev_end);
	return true;
}

/* The one attribute of a one-line block; the lookahead is after "{". */
static void
parse_single_body(struct parser *p, struct ast_block *b, struct tok open)
{
	struct dups d;
	struct tok name;
	const struct tok *t = peek(p);
	size_t mark = p->st.len;
	uint32_t n;
	struct body_item *items;

	memset(&d, 0, sizeof(d));
	d.mark = mark;
	d.serial = ++p->body_serial;
	if (t->type != TOK_IDENT) {
		perr(p, tok_span(p, t), NULL,
		    "expected an attribute or '}' after '{', found %s",
		    tok_desc(p, t));
		recover_close(p, TOK_RBRACE);
		return;
	}
	name = advance(p);
	t = peek(p);
	if (t->type != TOK_EQUAL) {
		if (t->type == TOK_OQUOTE || t->type == TOK_LBRACE ||
		    t->type == TOK_IDENT)
			perr(p, span_make(name.span.start, t->span.end),
			    "put a nested block on a line of its own inside "
			    "its parent block",
			    "a one-line block can hold only one attribute, not "
			    "a block");
		else
			perr(p, tok_span(p, t), NULL,
			    "expected '=' after '%.*s', found %s",
			    (int)(name.span.end - name.span.start),
			    p->text + name.span.start, tok_desc(p, t));
		recover_close(p, TOK_RBRACE);
		return;
	}
	parse_attr(p, name, &d, true);
	t = peek(p);
	if (p->recovery) {
		recover_close(p, TOK_RBRACE);
	} else if (t->type == TOK_RBRACE) {
		advance(p);
	} else if (t->type == TOK_COMMA) {
		perr(p, tok_span(p, t),
		    "put each attribute on a line of its own inside the block",
		    "a one-line block can hold only one attribute");
		recover_close(p, TOK_RBRACE);
	} else if (t->type == TOK_NEWLINE) {
		perr(p, tok_span(p, t),
		    "an attribute on the line of the block's '{' makes a "
		    "one-line block, which must end with '}' on that line",
		    "a one-line block must be closed on the same line");
		recover_close(p, TOK_RBRACE);
	} else if (t->type == TOK_EOF) {
		unclosed(p, open, "}", "block");
	} else {
		perr(p, tok_span(p, t), NULL,
		    "expected '}' after the one-line block's attribute, found %s",
		    tok_desc(p, t));
		recover_close(p, TOK_RBRACE);
	}
	items = stack_take(p, mark, sizeof(struct body_item),
	    _Alignof(struct body_item), &n);
	if (n == 1) {
		b->body.attrs = POOL_NEW(p, struct ast_attr);
		*b->body.attrs = items[0].u.attr;
		b->body.nattrs = 1;
	}
}

/* type labels { body }, with the type consumed. */
static void
parse_block(struct parser *p, struct tok type, struct dups *d)
{
	struct ast_block b;
	struct body_item *it;
	size_t mark = p->st.len;
	struct tok open;
	const struct tok *t;
	bool ok = true;

	memset(&b, 0, sizeof(b));
	b.type = intern(p, p->text + type.span.start,
	    type.span.end - type.span.start);
	b.type_span = type.span;
	for (;;) {
		struct ast_label l;

		t = peek(p);
		if (t->type == TOK_LBRACE)
			break;
		if (t->type == TOK_IDENT || t->type == TOK_OQUOTE) {
			memset(&l, 0, sizeof(l));
			if (!parse_label(p, &l)) {
				ok = false;
				break;
			}
			memcpy(stack_push(p, sizeof(l)), &l, sizeof(l));
			continue;
		}
		if (t->type == TOK_EQUAL)
			perr(p, tok_span(p, t),
			    "'=' sets an attribute; a block has labels and a "
			    "body in braces",
			    "unexpected '=' in the definition of block '%s'",
			    b.type);
		else if (t->type == TOK_NEWLINE || t->type == TOK_EOF) {
			struct span at = tok_span(p, t);
			bool old = set_nl(p, false);

			perr(p, at,
			    "the block's '{' must be on the same line as its "
			    "type and labels",
			    "expected '{' after the header of block '%s'",
			    b.type);
			/* A '{' on a later line: read the block anyway. */
			t = peek(p);
			set_nl(p, old);
			if (t->type == TOK_LBRACE)
				break;
		} else
			perr(p, tok_span(p, t), NULL,
			    "expected a label or '{' in the definition of block "
			    "'%s', found %s", b.type, tok_desc(p, t));
		ok = false;
		break;
	}
	b.labels = stack_take(p, mark, sizeof(struct ast_label),
	    _Alignof(struct ast_label), &b.nlabels);
	if (!ok) {
		recover_line(p);
		b.span = span_make(type.span.start, p->prev_end);
	} else {
		open = advance(p);
		b.open_brace = open.span;
		t = peek(p);
		if (t->type == TOK_NEWLINE || t->type == TOK_EOF ||
		    t->type == TOK_RBRACE)
			parse_body(p, &b.body, TOK_RBRACE, open);
		else {
			b.body.span.start = open.span.end;
			parse_single_body(p, &b, open);
			b.body.span.end = p->prev_end;
		}
		if (p->prev_end > 0 && p->text[p->prev_end - 1] == '}')
			b.close_brace = span_make(p->prev_end - 1, p->prev_end);
		b.span = span_make(type.span.start, p->prev_end);
		t = peek(p);
		if (t->type == TOK_NEWLINE) {
			advance(p);
		} else if (t->type != TOK_EOF && !p->abort) {
			perr(p, tok_span(p, t),
			    "a block definition ends at the end of its line",
			    "expected a newline after the block '%s', found %s",
			    b.type, tok_desc(p, t));
			recover_line(p);
		}
	}
	it = stack_push(p, sizeof(*it));
	memset(it, 0, sizeof(*it));
	it->is_block = true;
	it->serial = d->serial;
	it->u.block = b;
}

/* A body up to end (TOK_RBRACE, consumed, or TOK_EOF). */
static void
parse_body(struct parser *p, struct ast_body *body, enum tok_type end,
    struct tok open)
{
	struct dups d;
	size_t n, i, na = 0, nb = 0;
	struct body_item *items;
	bool old = set_nl(p, true), big;

	memset(&d, 0, sizeof(d));
	d.mark = p->st.len;
	d.serial = ++p->body_serial;
	body->span.start = end == TOK_EOF ? 0 : open.span.end;
	if (end == TOK_RBRACE && !enter(p, &open))
		goto done;
	for (;;) {
		const struct tok *t = peek(p);
		struct tok name;

		if (p->abort)
			break;
		if (t->type == end) {
			body->span.end = t->span.start;
			if (end != TOK_EOF)
				advance(p);
			break;
		}
		switch (t->type) {
		case TOK_NEWLINE:
			advance(p);
			continue;
		case TOK_IDENT:
			p->recovery = false;
			p->resync = false;
			name = advance(p);
			t = peek(p);
			if (t->type == TOK_EQUAL)
				parse_attr(p, name, &d, false);
			else if (t->type == TOK_OQUOTE || t->type == TOK_LBRACE ||
			    t->type == TOK_IDENT)
				parse_block(p, name, &d);
			else {
				perr(p, name.span,
				    "write name = value for an attribute, or "
				    "type \"label\" { ... } for a block",
				    "expected '=' or a block after '%.*s'",
				    (int)(name.span.end - name.span.start),
				    p->text + name.span.start);
				recover_line(p);
			}
			continue;
		case TOK_EOF:
			p->recovery = false;
			p->resync = false;
			perr(p, open.span, "add the missing '}'",
			    "unclosed '{': this block has no '}' before the end "
			    "of the file");
			body->span.end = t->span.start;
			break;
		default:
			/* A '}' the last item's error was about: said once. */
			if (p->recovery && t->span.start == p->err_at &&
			    tok_closes(t->type)) {
				p->recovery = false;
				p->resync = false;
				advance(p);
				continue;
			}
			p->recovery = false;
			p->resync = false;
			if (t->type == TOK_OQUOTE)
				perr(p, tok_span(p, t),
				    "attribute names are identifiers, not quoted "
				    "strings",
				    "expected an attribute or block definition, "
				    "found a quoted string");
			else if (t->type == TOK_RBRACE)
				perr(p, tok_span(p, t),
				    "there is no open block for this '}' to close",
				    "unexpected '}'");
			else
				perr(p, tok_span(p, t), NULL,
				    "expected an attribute or block definition, "
				    "found %s", tok_desc(p, t));
			if (t->type == TOK_RBRACE || tok_closes(t->type))
				advance(p);
			else
				recover_line(p);
			continue;
		}
		break;
	}
	if (end == TOK_RBRACE)
		leave(p);
done:
	free(d.slot);
	set_nl(p, old);
	n = (p->st.len - d.mark) / sizeof(struct body_item);
	items = (struct body_item *)(p->st.data + d.mark);
	for (i = 0; i < n; i++) {
		if (items[i].is_block)
			nb++;
		else
			na++;
	}
	body->nattrs = (uint32_t)na;
	body->nblocks = (uint32_t)nb;
	if (na != 0)
		body->attrs = pool_alloc(p, na * sizeof(struct ast_attr),
		    _Alignof(struct ast_attr));
	if (nb != 0)
		body->blocks = pool_alloc(p, nb * sizeof(struct ast_block),
		    _Alignof(struct ast_block));
	/*
	 * From the last item back, so that the stack can give back its
	 * memory as it empties: a body of many blocks (a flow of 100,000
	 * tasks) would otherwise hold them twice at its end.
	 */
	big = n * sizeof(struct body_item) >= STACK_KEEP;
	for (i = n; i > 0; i--) {
		items = (struct body_item *)(p->st.data + d.mark);
		if (items[i - 1].is_block)
			body->blocks[--nb] = items[i - 1].u.block;
		else
			body->attrs[--na] = items[i - 1].u.attr;
		if (big && (i - 1) % STACK_GIVE_BACK_ITEMS == 0)
			stack_give_back(p, d.mark + (i - 1) *
			    sizeof(struct body_item));
	}
	p->st.len = d.mark;
}

/* ---- entry points ---------------------------------------------------- */

/* Set up a parser over src. */
static void
parser_init(struct parser *p, struct arena *a, const struct source *src,
    struct diag_list *dl, bool bare)
{
	memset(p, 0, sizeof(*p));
	p->arena = a;
	p->src = src;
	p->text = src->text;
	p->dl = dl;
	p->nl = true;
	p->err_at = UINT32_MAX;
	buf_init(&p->sbuf, 0);
	buf_init(&p->nbuf, 0);
	/* Never NULL, so stack offsets are always valid pointers. */
	p->st.alloc = 4096;
	p->st.data = xmalloc(p->st.alloc);
	lex_init(&p->lx, src, dl, bare);
	p->tok = lex_next(&p->lx);
}

/* A diagnostic's position and its order of report, for sorting. */
struct diag_key {
	uint32_t start;
	uint32_t idx;
};

/* Compare by position, then by order of report (a stable sort). */
static int
diag_key_cmp(const void *a, const void *b)
{
	const struct diag_key *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Free the parser's scratch and put the diagnostics it added in source
 * order (the UTF-8 check reports before the parser does).
 */
static void
parser_done(struct parser *p, size_t first_diag)
{
	size_t n = p->dl->n - first_diag, i;
	struct diag_key *keys;
	struct diag *tmp;

	lex_release(&p->lx);
	free(p->st.data);
	free(p->names.slot);
	buf_release(&p->sbuf);
	buf_release(&p->nbuf);
	if (n < 2)
		return;
	keys = xreallocarray(NULL, n, sizeof(*keys));
	for (i = 0; i < n; i++) {
		keys[i].start = p->dl->v[first_diag + i].subject.start;
		keys[i].idx = (uint32_t)i;
	}
	qsort(keys, n, sizeof(*keys), diag_key_cmp);
	tmp = xreallocarray(NULL, n, sizeof(*tmp));
	for (i = 0; i < n; i++)
		tmp[i] = p->dl->v[first_diag + keys[i].idx];
	memcpy(p->dl->v + first_diag, tmp, n * sizeof(*tmp));
	free(tmp);
	free(keys);
}

/* Parse a file body. */
struct ast_body *
parse_file(struct arena *a, const struct source *src, struct diag_list *dl)
{
	struct parser p;
	struct ast_body *body = arena_calloc(a, 1, sizeof(*body));
	size_t first = dl->n;
	struct tok none;

	parser_init(&p, a, src, dl, false);
	memset(&none, 0, sizeof(none));
	parse_body(&p, body, TOK_EOF, none);
	body->span = span_make(0, src->len);
	parser_done(&p, first);
	return body;
}

/* Parse one expression. */
struct ast_expr *
parse_expr(struct arena *a, const struct source *src, struct diag_list *dl)
{
	struct parser p;
	struct ast_expr *e;
	size_t first = dl->n;

	parser_init(&p, a, src, dl, false);
	p.nl = false;
	e = parse_expression(&p);
	if (!p.recovery && !p.abort && peek(&p)->type != TOK_EOF)
		perr(&p, tok_span(&p, peek(&p)), NULL,
		    "unexpected %s after the expression",
		    tok_desc(&p, peek(&p)));
	parser_done(&p, first);
	return e;
}

/* Parse a bare template. */
struct ast_expr *
parse_template(struct arena *a, const struct source *src,
    struct diag_list *dl)
{
	struct parser p;
	struct ast_expr *e;
	size_t first = dl->n, mark;
	bool closed;
	struct tok none;

	parser_init(&p, a, src, dl, true);
	p.nl = false;
	memset(&none, 0, sizeof(none));
	mark = p.st.len;
	tpl_read(&p, TOK_EOF, false, none, 0, &closed);
	e = tpl_finish(&p, mark, false, AST_F_BARE, 0, (uint32_t)src->len);
	e = grown(&p, e, span_make(0, 0));
	parser_done(&p, first);
	return e;
}
