#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "hcl/lex.h"
#include "hcl/template.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* Classes of bytes, for the loops that run over every byte. */
#define CC_ID_START	0x01	/* ASCII letter or '_' */
#define CC_ID_CONT	0x02	/* ASCII letter, digit, '_' or '-' */
#define CC_TEXT_STOP	0x04	/* ends a run of plain template text */

/*
 * Byte classes.  CC_TEXT_STOP marks what lex_scan_text must look at: LF,
 * CR, '"', '\\', '$', '%' and NUL (which is also the sentinel after the
 * text).
 */
static unsigned char lex_class[256];

/* In lex_first: a blank, which starts no token. */
#define LEX_FIRST_BLANK	0xff

/*
 * The token each byte starts in expression mode, for lex_next's quick
 * path: TOK_IDENT for an ASCII identifier's first byte, TOK_NUMBER for a
 * digit, the token of a newline or punctuation byte by itself (TOK_EQUAL
 * for '=' though "==" starts with it too: lex_next checks what follows),
 * and LEX_FIRST_BLANK for a blank.  TOK_EOF marks every other byte, which
 * lex_expr must look at more closely.
 */
static unsigned char lex_first[256];

/* Fill lex_class and lex_first (idempotent; called by lex_init). */
static void
lex_class_init(void)
{
	static const char stops[] = "\n\r\"\\$%";
	/* Bytes for lex_first that start the same token in most places. */
	static const struct {
		char c;
		enum tok_type type;
	} punct[] = {
		{ '\n', TOK_NEWLINE }, { ',', TOK_COMMA }, { '(', TOK_LPAREN },
		{ ')', TOK_RPAREN }, { '[', TOK_LBRACK }, { ']', TOK_RBRACK },
		{ '?', TOK_QUESTION }, { '+', TOK_PLUS }, { '-', TOK_MINUS },
		{ '*', TOK_STAR }, { '%', TOK_PERCENT }, { '=', TOK_EQUAL },
		{ '"', TOK_OQUOTE }, { '{', TOK_LBRACE }, { '}', TOK_RBRACE },
		{ '.', TOK_DOT },
	};
	int c;
	size_t i;

	if (lex_class['a'] != 0)
		return;
	for (c = 0; c < 256; c++) {
		unsigned char k = 0;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_')
			k |= CC_ID_START | CC_ID_CONT;
		if ((c >= '0' && c <= '9') || c == '-')
			k |= CC_ID_CONT;
		if (c == 0 || (c < 0x80 && strchr(stops, c) != NULL))
			k |= CC_TEXT_STOP;
		lex_class[c] = k;
		if (k & CC_ID_START)
			lex_first[c] = TOK_IDENT;
		else if (c >= '0' && c <= '9')
			lex_first[c] = TOK_NUMBER;
		else
			lex_first[c] = TOK_EOF;
	}
	lex_first[' '] = lex_first['\t'] = LEX_FIRST_BLANK;
	for (i = 0; i < sizeof(punct) / sizeof(punct[0]); i++)
		lex_first[(unsigned char)punct[i].c] = punct[i].type;
}

/* Whether c is an ASCII letter or underscore (an identifier's start). */
static inline bool
is_ascii_id_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Whether c is an ASCII identifier character (HCL adds '-'). */
static inline bool
is_ascii_id_continue(unsigned char c)
{
	return is_ascii_id_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static inline bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * ID_Start of UAX #31: letters, letter numbers and Other_ID_Start.  HCL's
 * scanner also lets an identifier start with '_' (hclsyntax scan_tokens).
 */
bool
lex_is_id_start(uint32_t cp)
{
	if (cp < 0x80)
		return is_ascii_id_start((unsigned char)cp);
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_NL:
		return true;
	default:
		/* Other_ID_Start (PropList.txt). */
		return cp == 0x1885 || cp == 0x1886 || cp == 0x2118 ||
		    cp == 0x212e || cp == 0x309b || cp == 0x309c;
	}
}

/* ID_Continue of UAX #31, plus '-' as HCL allows. */
bool
lex_is_id_continue(uint32_t cp)
{
	if (cp < 0x80)
		return is_ascii_id_continue((unsigned char)cp);
	if (lex_is_id_start(cp))
		return true;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_PC:
		return true;
	default:
		/* Other_ID_Continue (PropList.txt). */
		return cp == 0x00b7 || cp == 0x0387 ||
		    (cp >= 0x1369 && cp <= 0x1371) || cp == 0x19da;
	}
}

/* Report every run of bytes that is not UTF-8, once each. */
static void
lex_check_utf8(struct lexer *lx)
{
	const unsigned char *u = (const unsigned char *)lx->text;
	size_t i = lx->pos, n = lx->len;

	while (i < n) {
		size_t start, len;
		uint32_t cp;

		/* ASCII 32 bytes at a time, then 8. */
		while (i + 32 <= n) {
			uint64_t w[4];

			memcpy(w, u + i, sizeof(w));
			if (((w[0] | w[1] | w[2] | w[3]) &
			    UINT64_C(0x8080808080808080)) != 0)
				break;
			i += 32;
		}
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, u + i, 8);
			if ((w & UINT64_C(0x8080808080808080)) != 0)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((len = utf8_decode(lx->text + i, n - i, &cp)) != 0) {
			i += len;
			continue;
		}
		start = i++;
		while (i < n && u[i] >= 0x80 &&
		    utf8_decode(lx->text + i, n - i, &cp) == 0)
			i++;
		diag_set_detail(diag_error(lx->dl, lx->src,
		    span_make(start, i), "invalid UTF-8 in the source"),
		    "HCL files must be UTF-8 text");
	}
}

/* Start lexing. */
void
lex_init(struct lexer *lx, const struct source *src, struct diag_list *dl,
    bool bare)
{
	lex_class_init();
	memset(lx, 0, sizeof(*lx));
	lx->src = src;
	lx->text = src->text;
	lx->len = src->len;
	lx->dl = dl;
	lx->amodes = 16;
	lx->modes = xreallocarray(NULL, lx->amodes, sizeof(*lx->modes));
	memset(&lx->modes[0], 0, sizeof(lx->modes[0]));
	lx->modes[0].kind = bare ? LEX_BARE : LEX_EXPR;
	lx->modes[0].sol = true;
	lx->nmodes = 1;
	if (lx->len >= 3 && memcmp(lx->text, "\xef\xbb\xbf", 3) == 0) {
		diag_set_detail(diag_error(dl, src, span_make(0, 3),
		    "the file starts with a byte-order mark"),
		    "HCL files are UTF-8 without a byte-order mark; remove it");
		lx->pos = 3;
	}
	lex_check_utf8(lx);
}

/* Free the mode stack. */
void
lex_release(struct lexer *lx)
{
	free(lx->modes);
	lx->modes = NULL;
	lx->nmodes = lx->amodes = 0;
}

/* Enter a mode. */
static struct lex_mode *
lex_push(struct lexer *lx, enum lex_mode_kind kind)
{
	struct lex_mode *m;

	if (lx->nmodes == lx->amodes) {
		lx->amodes *= 2;
		lx->modes = xreallocarray(lx->modes, lx->amodes,
		    sizeof(*lx->modes));
	}
	m = &lx->modes[lx->nmodes++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->sol = true;
	return m;
}

/* Leave the current mode (the bottom one is never left). */
static void
lex_pop(struct lexer *lx)
{
	if (lx->nmodes > 1)
		lx->nmodes--;
}

/* Make a token. */
static inline struct tok
tok_make(enum tok_type type, size_t start, size_t end, uint32_t flags)
{
	struct tok t;

	t.type = type;
	t.flags = flags;
	t.span.start = (uint32_t)start;
	t.span.end = (uint32_t)end;
	return t;
}

/* Decode the code point at pos; 0 length when the bytes are not UTF-8. */
static inline size_t
lex_decode(const struct lexer *lx, size_t pos, uint32_t *cp)
{
	return utf8_decode(lx->text + pos, lx->len - pos, cp);
}

/* The end of the identifier starting at pos (whose first char is valid). */
static size_t
lex_ident_end(const struct lexer *lx, size_t pos)
{
	const unsigned char *u = (const unsigned char *)lx->text;

	for (;;) {
		uint32_t cp;
		size_t n;

		/* The text ends with a NUL, which is no identifier byte. */
		while (lex_class[u[pos]] & CC_ID_CONT)
			pos++;
		if (pos >= lx->len || u[pos] < 0x80)
			return pos;
		if ((n = lex_decode(lx, pos, &cp)) == 0 ||
		    !lex_is_id_continue(cp))
			return pos;
		pos += n;
	}
}

/* Length of the identifier start at pos, or 0 when none starts there. */
static size_t
lex_id_start_len(const struct lexer *lx, size_t pos)
{
	unsigned char c;
	uint32_t cp;
	size_t n;

	if (pos >= lx->len)
		return 0;
	c = (unsigned char)lx->text[pos];
	if (c < 0x80)
		return is_ascii_id_start(c) ? 1 : 0;
	if ((n = lex_decode(lx, pos, &cp)) == 0 || !lex_is_id_start(cp))
		return 0;
	return n;
}

/* Length of a newline at pos: 1 for LF, 2 for CRLF, else 0. */
static inline size_t
lex_newline_len(const struct lexer *lx, size_t pos)
{
	if (pos < lx->len && lx->text[pos] == '\n')
		return 1;
	if (pos + 1 < lx->len && lx->text[pos] == '\r' &&
	    lx->text[pos + 1] == '\n')
		return 2;
	return 0;
}

/*
 * After "<<" at pos: a heredoc opener "<<ID" or "<<-ID" and its newline.
 * Returns false when no identifier follows (then "<" is an operator).
 */
static bool
lex_heredoc_open(struct lexer *lx, struct tok *t)
{
	size_t start = lx->pos, p = start + 2, name, end, nl;
	bool flush = false;
	struct lex_mode *m;

	if (p < lx->len && lx->text[p] == '-') {
		flush = true;
		p++;
	}
	if (lex_id_start_len(lx, p) == 0)
		return false;
	name = p;
	end = lex_ident_end(lx, p + lex_id_start_len(lx, p));
	*t = tok_make(TOK_OHEREDOC, start, end, flush ? TOKF_FLUSH : 0);
	if ((nl = lex_newline_len(lx, end)) != 0) {
		lx->pos = end + nl;
	} else {
		const char *eol = memchr(lx->text + end, '\n', lx->len - end);
		size_t stop = eol != NULL ? (size_t)(eol - lx->text) : lx->len;

		/* At the end of the file the parser reports it unterminated. */
		if (stop > end)
			diag_set_detail(diag_error(lx->dl, lx->src,
			    span_make(end, stop),
			    "invalid heredoc: text after the opening marker"),
			    "the heredoc's text starts on the line after '%.*s'",
			    (int)(end - start), lx->text + start);
		lx->pos = eol != NULL ? stop + 1 : lx->len;
	}
	m = lex_push(lx, LEX_HEREDOC);
	m->marker = (uint32_t)name;
	m->marker_len = (uint32_t)(end - name);
	return true;
}

/* Skip a block comment at pos ("/" "*"); reports one left open. */
static void
lex_skip_block_comment(struct lexer *lx)
{
	size_t start = lx->pos;
	const char *p = lx->text + start + 2, *end = lx->text + lx->len;

	for (;;) {
		p = memchr(p, '*', (size_t)(end - p));
		if (p == NULL || p + 1 >= end) {
			diag_set_detail(diag_error(lx->dl, lx->src,
			    span_make(start, start + 2), "unterminated comment"),
			    "this comment has no closing '*/' before the end of "
			    "the file");
			lx->pos = lx->len;
			return;
		}
		if (p[1] == '/') {
			lx->pos = (size_t)(p + 2 - lx->text);
			return;
		}
		p++;
	}
}

/*
 * Operators and punctuation of one or two bytes, by first byte: the token
 * of the byte alone (TOK_EOF for a byte that starts none of them), and
 * the tokens of the byte followed by next[0] or next[1].
 */
struct lex_op {
	uint8_t one;
	unsigned char next[2];
	uint8_t two[2];
};

static const struct lex_op lex_ops[256] = {
	['+'] = { TOK_PLUS, { 0, 0 }, { 0, 0 } },
	['-'] = { TOK_MINUS, { 0, 0 }, { 0, 0 } },
	['*'] = { TOK_STAR, { 0, 0 }, { 0, 0 } },
	['%'] = { TOK_PERCENT, { 0, 0 }, { 0, 0 } },
	['?'] = { TOK_QUESTION, { 0, 0 }, { 0, 0 } },
	[','] = { TOK_COMMA, { 0, 0 }, { 0, 0 } },
	['('] = { TOK_LPAREN, { 0, 0 }, { 0, 0 } },
	[')'] = { TOK_RPAREN, { 0, 0 }, { 0, 0 } },
	['['] = { TOK_LBRACK, { 0, 0 }, { 0, 0 } },
	[']'] = { TOK_RBRACK, { 0, 0 }, { 0, 0 } },
	['<'] = { TOK_LT, { '=', 0 }, { TOK_LE, 0 } },
	['>'] = { TOK_GT, { '=', 0 }, { TOK_GE, 0 } },
	['='] = { TOK_EQUAL, { '=', '>' }, { TOK_EQEQ, TOK_FATARROW } },
	['!'] = { TOK_BANG, { '=', 0 }, { TOK_NOTEQ, 0 } },
	['&'] = { TOK_INVALID, { '&', 0 }, { TOK_AND, 0 } },
	['|'] = { TOK_INVALID, { '|', 0 }, { TOK_OR, 0 } },
	[':'] = { TOK_COLON, { ':', 0 }, { TOK_DCOLON, 0 } },
};

/*
 * The '"' at start opens a quoted template.  (Out of line, like
 * lex_number, to keep lex_next within the scratch registers.)
 */
static __attribute__((noinline)) struct tok
lex_open_quote(struct lexer *lx, size_t start)
{
	lex_push(lx, LEX_QUOTED);
	lx->pos = start + 1;
	return tok_make(TOK_OQUOTE, start, start + 1, 0);
}

/* The number starting with the digit at start. */
static __attribute__((noinline)) struct tok
lex_number(struct lexer *lx, size_t start)
{
	const unsigned char *u = (const unsigned char *)lx->text;
	size_t p = start + 1;

	while (p < lx->len && is_digit(u[p]))
		p++;
	if (p + 1 < lx->len && u[p] == '.' && is_digit(u[p + 1])) {
		p += 2;
		while (p < lx->len && is_digit(u[p]))
			p++;
	}
	if (p < lx->len && (u[p] == 'e' || u[p] == 'E')) {
		size_t q = p + 1;

		if (q < lx->len && (u[q] == '+' || u[q] == '-'))
			q++;
		if (q < lx->len && is_digit(u[q])) {
			p = q + 1;
			while (p < lx->len && is_digit(u[p]))
				p++;
		}
	}
	lx->pos = p;
	return tok_make(TOK_NUMBER, start, p, 0);
}

/* A token in expression mode (any token; see lex_next for the usual ones). */
static __attribute__((noinline)) struct tok
lex_expr(struct lexer *lx)
{
	const unsigned char *u = (const unsigned char *)lx->text;
	struct lex_mode *m = &lx->modes[lx->nmodes - 1];
	bool nested = lx->nmodes > 1;

	for (;;) {
		size_t start = lx->pos, n;
		unsigned char c, d;
		uint32_t cp;
		struct tok t;

		/* Blanks; the NUL after the text stops the loop. */
		while (u[start] == ' ' || u[start] == '\t')
			start++;
		if (start >= lx->len) {
			lx->pos = lx->len;
			return tok_make(TOK_EOF, lx->len, lx->len, 0);
		}
		c = u[start];
		/* The text is NUL-terminated: past its end d is 0. */
		d = u[start + 1];
		lx->pos = start + 1;
		switch (c) {
		case '\n':
			return tok_make(TOK_NEWLINE, start, start + 1, 0);
		case '\r':
			if (d == '\n') {
				lx->pos = start + 2;
				return tok_make(TOK_NEWLINE, start, start + 2, 0);
			}
			return tok_make(TOK_INVALID, start, start + 1, 0);
		case '#':
			goto line_comment;
		case '/':
			if (d == '/')
				goto line_comment;
			if (d == '*') {
				lx->pos = start;
				lex_skip_block_comment(lx);
				continue;
			}
			return tok_make(TOK_SLASH, start, start + 1, 0);
		case '"':
			return lex_open_quote(lx, start);
		case '<':
			if (d == '<') {
				lx->pos = start;
				if (lex_heredoc_open(lx, &t))
					return t;
				lx->pos = start + 1;
			}
			break;	/* '<' or '<=': lex_ops */
		case '.':
			if (d == '.' && start + 2 < lx->len &&
			    u[start + 2] == '.') {
				lx->pos = start + 3;
				return tok_make(TOK_ELLIPSIS, start, start + 3, 0);
			}
			return tok_make(TOK_DOT, start, start + 1, 0);
		case '{':
			m->depth++;
			return tok_make(TOK_LBRACE, start, start + 1, 0);
		case '}':
			if (m->depth == 0 && nested) {
				lex_pop(lx);
				return tok_make(TOK_SEQ_END, start, start + 1, 0);
			}
			if (m->depth > 0)
				m->depth--;
			return tok_make(TOK_RBRACE, start, start + 1, 0);
		case '~':
			if (d == '}' && m->depth == 0 && nested) {
				lx->pos = start + 2;
				lex_pop(lx);
				return tok_make(TOK_SEQ_END, start, start + 2,
				    TOKF_STRIP);
			}
			return tok_make(TOK_INVALID, start, start + 1, 0);
		default:
			break;
		}
		if (is_digit(c))
			return lex_number(lx, start);
		if (lex_class[c] & CC_ID_START) {
			size_t p = start + 1;

			while (lex_class[u[p]] & CC_ID_CONT)
				p++;
			if (u[p] >= 0x80)
				p = lex_ident_end(lx, p);
			lx->pos = p;
			return tok_make(TOK_IDENT, start, p, 0);
		}
		/* After names and numbers, the most common tokens. */
		if (lex_ops[c].one != TOK_EOF) {
			const struct lex_op *op = &lex_ops[c];

			for (size_t k = 0; k < sizeof(op->next); k++) {
				if (op->next[k] != '\0' && d == op->next[k]) {
					lx->pos = start + 2;
					return tok_make((enum tok_type)op->two[k],
					    start, start + 2, 0);
				}
			}
			return tok_make((enum tok_type)op->one, start, start + 1,
			    0);
		}
		if ((n = lex_id_start_len(lx, start)) != 0) {
			lx->pos = lex_ident_end(lx, start + n);
			return tok_make(TOK_IDENT, start, lx->pos, 0);
		}
		if (c < 0x80)
			return tok_make(TOK_INVALID, start, start + 1, 0);
		if ((n = lex_decode(lx, start, &cp)) == 0)
			continue;	/* reported by lex_check_utf8 */
		lx->pos = start + n;
		return tok_make(TOK_INVALID, start, start + n, 0);
line_comment:
		{
			const char *eol = memchr(lx->text + start, '\n',
			    lx->len - start);

			/* The newline ending the comment is the next token. */
			lx->pos = eol != NULL ? (size_t)(eol - lx->text) : lx->len;
			if (lx->pos > start && lx->text[lx->pos - 1] == '\r' &&
			    eol != NULL)
				lx->pos--;
		}
	}
}

/*
 * Scan template text from pos up to a ${ or %{ (not doubled), a newline
 * (included when keep_nl, else excluded), a '"' when quoted, or the end.
 * Backslashes skip the next byte when quoted.  *esc is set when the text
 * holds what template_decode changes: a backslash (quoted) or a doubled
 * "$${" or "%%{".
 */
static size_t
lex_scan_text(const struct lexer *lx, size_t pos, bool quoted, bool *esc)
{
	const char *t = lx->text;
	size_t n = lx->len;

	*esc = false;
	while (pos < n) {
		char c;

		/* Plain text up to a byte that matters (or the final NUL). */
		while (!(lex_class[(unsigned char)t[pos]] & CC_TEXT_STOP))
			pos++;
		if (pos >= n)
			break;
		c = t[pos];
		switch (c) {
		case '\n':
			return quoted ? pos : pos + 1;
		case '\r':
			if (quoted && pos + 1 < n && t[pos + 1] == '\n')
				return pos;
			pos++;
			break;
		case '"':
			if (quoted)
				return pos;
			pos++;
			break;
		case '\\':
			if (quoted)
				*esc = true;
			if (quoted && pos + 1 < n && t[pos + 1] != '\n' &&
			    !(t[pos + 1] == '\r' && pos + 2 < n &&
			    t[pos + 2] == '\n'))
				pos += 2;
			else
				pos++;
			break;
		case '$':
		case '%':
			if (pos + 2 < n && t[pos + 1] == c && t[pos + 2] == '{') {
				*esc = true;
				pos += 3;
				break;
			}
			if (pos + 1 < n && t[pos + 1] == '{')
				return pos;
			pos++;
			break;
		default:
			pos++;
			break;
		}
	}
	return pos;
}

/* At pos a "${" or "%{": push expression mode and return its token. */
static struct tok
lex_open_seq(struct lexer *lx)
{
	size_t start = lx->pos;
	bool strip = start + 2 < lx->len && lx->text[start + 2] == '~';
	enum tok_type type = lx->text[start] == '$' ? TOK_INTERP : TOK_CONTROL;

	lx->pos = start + (strip ? 3 : 2);
	lex_push(lx, LEX_EXPR);
	return tok_make(type, start, lx->pos, strip ? TOKF_STRIP : 0);
}

/* Whether the line at pos is the heredoc's closing marker; sets *end. */
static bool
lex_heredoc_close(struct lexer *lx, const struct lex_mode *m, size_t *mstart,
    size_t *mend)
{
	const unsigned char *u = (const unsigned char *)lx->text;
	const char *eol;
	size_t b = lx->pos, e;
	uint32_t cp;
	size_t n;

	/*
	 * Most lines are text: after ASCII blanks, a printable ASCII byte
	 * other than the marker's first says so without finding the end of
	 * the line.  (The text ends with a NUL, which stops the loop.)
	 */
	while (u[b] == ' ' || (u[b] >= '\t' && u[b] <= '\r' && u[b] != '\n'))
		b++;
	if (u[b] > ' ' && u[b] < 0x7f && u[b] != u[m->marker])
		return false;
	b = lx->pos;
	eol = memchr(lx->text + lx->pos, '\n', lx->len - lx->pos);
	e = eol != NULL ? (size_t)(eol - lx->text) : lx->len;

	/* Trim white space at both ends (Go's bytes.TrimSpace, as HCL). */
	while (b < e && (n = lex_decode(lx, b, &cp)) != 0 && template_is_space(cp))
		b += n;
	while (e > b) {
		size_t s = e - 1;

		while (s > b && ((unsigned char)lx->text[s] & 0xc0) == 0x80)
			s--;
		if ((n = lex_decode(lx, s, &cp)) == 0 || s + n != e ||
		    !template_is_space(cp))
			break;
		e = s;
	}
	if (e - b != m->marker_len ||
	    memcmp(lx->text + b, lx->text + m->marker, m->marker_len) != 0)
		return false;
	*mstart = b;
	*mend = e;
	return true;
}

/* A token inside "...", a heredoc or a bare template. */
static __attribute__((noinline)) struct tok
lex_template(struct lexer *lx)
{
	struct lex_mode *m = &lx->modes[lx->nmodes - 1];
	size_t start = lx->pos, end, ms, me;
	bool quoted = m->kind == LEX_QUOTED, esc;

	if (start >= lx->len)
		return tok_make(TOK_EOF, lx->len, lx->len, 0);
	if (m->kind == LEX_HEREDOC && m->sol &&
	    lex_heredoc_close(lx, m, &ms, &me)) {
		/* The newline after the marker belongs to the outer mode. */
		const char *eol = memchr(lx->text + me, '\n', lx->len - me);

		lx->pos = eol != NULL ? (size_t)(eol - lx->text) : lx->len;
		if (eol != NULL && lx->pos > me && lx->text[lx->pos - 1] == '\r')
			lx->pos--;
		lex_pop(lx);
		return tok_make(TOK_CHEREDOC, ms, me, 0);
	}
	end = lex_scan_text(lx, start, quoted, &esc);
	if (end > start) {
		lx->pos = end;
		m->sol = lx->text[end - 1] == '\n';
		return tok_make(quoted ? TOK_QUOTED_LIT : TOK_STRING_LIT, start,
		    end, esc ? TOKF_ESCAPES : 0);
	}
	switch (lx->text[start]) {
	case '"':
		lx->pos = start + 1;
		lex_pop(lx);
		return tok_make(TOK_CQUOTE, start, start + 1, 0);
	case '\n':
	case '\r':
		/* A quoted string may not span lines: it ends here. */
		lex_pop(lx);
		return tok_make(TOK_QUOTED_NEWLINE, start, start, 0);
	default:
		m->sol = false;
		return lex_open_seq(lx);
	}
}

/*
 * The next token, by the current mode.  The usual tokens are read here:
 * in expression mode, after blanks, an ASCII name, a number (lex_number)
 * or a token of one byte; inside "..." text up to the closing '"' when it
 * holds no '\\', '$', '%' or line end, and that '"'.  Everything else is
 * left to lex_expr and lex_template.  This path uses only scratch
 * registers, so that the compiler saves none on each call, and calls
 * nothing but in tail position.
 */
struct tok
lex_next(struct lexer *lx)
{
	const unsigned char *u = (const unsigned char *)lx->text;
	struct lex_mode *m = &lx->modes[lx->nmodes - 1];
	size_t start = lx->pos, p;
	unsigned first;

	if (m->kind != LEX_EXPR) {
		if (m->kind != LEX_QUOTED)
			return lex_template(lx);
		/* Plain text up to the closing '"', or that '"' (m->sol
		   matters only in heredocs). */
		p = start;
		while (!(lex_class[u[p]] & CC_TEXT_STOP))
			p++;
		if (u[p] != '"')
			return lex_template(lx);
		if (p > start) {
			lx->pos = p;
			return tok_make(TOK_QUOTED_LIT, start, p, 0);
		}
		lx->pos = start + 1;
		lex_pop(lx);
		return tok_make(TOK_CQUOTE, start, start + 1, 0);
	}
	/* The NUL after the text is no blank. */
	while ((first = lex_first[u[start]]) == LEX_FIRST_BLANK)
		start++;
	switch (first) {
	case TOK_IDENT:
		p = start + 1;
		while (lex_class[u[p]] & CC_ID_CONT)
			p++;
		if (u[p] >= 0x80)
			break;	/* the name may go on in UTF-8 */
		lx->pos = p;
		return tok_make(TOK_IDENT, start, p, 0);
	case TOK_EQUAL:
		if (u[start + 1] == '=' || u[start + 1] == '>')
			break;
		goto one;
	case TOK_DOT:
		if (u[start + 1] == '.')
			break;
		goto one;
	case TOK_OQUOTE:
		return lex_open_quote(lx, start);
	case TOK_LBRACE:
		m->depth++;
		goto one;
	case TOK_RBRACE:
		/* At depth 0 it may close a ${ } (TOK_SEQ_END). */
		if (m->depth == 0)
			break;
		m->depth--;
		goto one;
	case TOK_NUMBER:
		return lex_number(lx, start);
	case TOK_EOF:
		break;
	default:
one:
		lx->pos = start + 1;
		return tok_make((enum tok_type)first, start, start + 1, 0);
	}
	lx->pos = start;
	return lex_expr(lx);
}

/* Token names for messages. */
const char *
lex_tok_name(enum tok_type type)
{
	switch (type) {
	case TOK_EOF:
		return "end of file";
	case TOK_NEWLINE:
		return "newline";
	case TOK_IDENT:
		return "identifier";
	case TOK_NUMBER:
		return "number";
	case TOK_OQUOTE:
		return "'\"'";
	case TOK_CQUOTE:
		return "closing '\"'";
	case TOK_QUOTED_LIT:
	case TOK_STRING_LIT:
		return "string text";
	case TOK_QUOTED_NEWLINE:
		return "newline in a string";
	case TOK_OHEREDOC:
		return "heredoc";
	case TOK_CHEREDOC:
		return "heredoc end marker";
	case TOK_INTERP:
		return "'${'";
	case TOK_CONTROL:
		return "'%{'";
	case TOK_SEQ_END:
		return "'}'";
	case TOK_LBRACE:
		return "'{'";
	case TOK_RBRACE:
		return "'}'";
	case TOK_LBRACK:
		return "'['";
	case TOK_RBRACK:
		return "']'";
	case TOK_LPAREN:
		return "'('";
	case TOK_RPAREN:
		return "')'";
	case TOK_COMMA:
		return "','";
	case TOK_DOT:
		return "'.'";
	case TOK_ELLIPSIS:
		return "'...'";
	case TOK_COLON:
		return "':'";
	case TOK_DCOLON:
		return "'::'";
	case TOK_QUESTION:
		return "'?'";
	case TOK_EQUAL:
		return "'='";
	case TOK_FATARROW:
		return "'=>'";
	case TOK_PLUS:
		return "'+'";
	case TOK_MINUS:
		return "'-'";
	case TOK_STAR:
		return "'*'";
	case TOK_SLASH:
		return "'/'";
	case TOK_PERCENT:
		return "'%'";
	case TOK_AND:
		return "'&&'";
	case TOK_OR:
		return "'||'";
	case TOK_BANG:
		return "'!'";
	case TOK_EQEQ:
		return "'=='";
	case TOK_NOTEQ:
		return "'!='";
	case TOK_LT:
		return "'<'";
	case TOK_GT:
		return "'>'";
	case TOK_LE:
		return "'<='";
	case TOK_GE:
		return "'>='";
	case TOK_INVALID:
		return "invalid character";
	}
	fatal("unknown token type %d", (int)type);
}
