/*
 * The HCL2 native-syntax lexer: turns a source into tokens on demand.
 *
 * The lexer is a state machine with a stack of modes, because HCL's token
 * grammar depends on context: inside "..." it produces template literal
 * pieces, inside ${...} expression tokens again, inside a heredoc whole
 * lines of text.  It never allocates per token (the mode stack grows only
 * as templates nest) and never decodes strings: literal tokens are spans
 * of raw source, decoded by hcl/template.h.
 *
 * Problems that belong to the bytes themselves (a byte-order mark, invalid
 * UTF-8, an unterminated comment, text after a heredoc marker) are added to
 * the diagnostic list directly, once each; everything else is left to the
 * parser, which sees TOK_INVALID or an unexpected token.
 */
#ifndef RF_HCL_LEX_H
#define RF_HCL_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag/diag.h"
#include "diag/source.h"

enum tok_type {
	TOK_EOF,
	TOK_NEWLINE,		/* LF, CRLF, or a # or // comment's end */
	TOK_IDENT,
	TOK_NUMBER,
	TOK_OQUOTE,		/* " opening a quoted template */
	TOK_CQUOTE,		/* " closing it */
	TOK_QUOTED_LIT,		/* raw text inside "..." (escapes undecoded) */
	TOK_QUOTED_NEWLINE,	/* a newline inside "...": the string ends */
	TOK_OHEREDOC,		/* <<EOT or <<-EOT (TOKF_FLUSH) */
	TOK_CHEREDOC,		/* the closing marker */
	TOK_STRING_LIT,		/* raw text of a heredoc or bare template */
	TOK_INTERP,		/* ${ or ${~ (TOKF_STRIP) */
	TOK_CONTROL,		/* %{ or %{~ (TOKF_STRIP) */
	TOK_SEQ_END,		/* } or ~} (TOKF_STRIP) closing ${ or %{ */
	TOK_LBRACE,
	TOK_RBRACE,
	TOK_LBRACK,
	TOK_RBRACK,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_COMMA,
	TOK_DOT,
	TOK_ELLIPSIS,		/* ... */
	TOK_COLON,
	TOK_DCOLON,		/* :: */
	TOK_QUESTION,
	TOK_EQUAL,		/* = */
	TOK_FATARROW,		/* => */
	TOK_PLUS,
	TOK_MINUS,
	TOK_STAR,
	TOK_SLASH,
	TOK_PERCENT,
	TOK_AND,		/* && */
	TOK_OR,			/* || */
	TOK_BANG,
	TOK_EQEQ,
	TOK_NOTEQ,
	TOK_LT,
	TOK_GT,
	TOK_LE,
	TOK_GE,
	TOK_INVALID,		/* a character that starts no token */
};

#define TOKF_STRIP	0x01	/* ${~ %{~ ~} */
#define TOKF_FLUSH	0x02	/* <<- */
#define TOKF_ESCAPES	0x04	/* literal text that template_decode changes
				   (template_needs_decode would say true) */

struct tok {
	enum tok_type type;
	uint32_t flags;		/* TOKF_* */
	struct span span;	/* the token's bytes (a heredoc opener without
				   its newline) */
};

/* Lexer modes (see struct lexer). */
enum lex_mode_kind {
	LEX_EXPR,		/* expressions; inside ${ } or %{ } if not bottom */
	LEX_QUOTED,		/* inside "..." */
	LEX_HEREDOC,		/* inside <<EOT ... EOT */
	LEX_BARE,		/* a bare template: the whole source */
};

struct lex_mode {
	enum lex_mode_kind kind;
	bool sol;		/* HEREDOC/BARE: at the start of a line */
	uint32_t depth;		/* EXPR: open { not yet closed */
	uint32_t marker;	/* HEREDOC: offset of the marker name */
	uint32_t marker_len;
};

struct lexer {
	const struct source *src;	/* borrowed */
	const char *text;
	size_t len;
	size_t pos;			/* next byte to read */
	struct diag_list *dl;		/* borrowed; lexical errors go here */
	struct lex_mode *modes;		/* owned; modes[0] is the bottom */
	size_t nmodes;
	size_t amodes;
};

/*
 * Start lexing src as a body or expression (bare false) or as a bare
 * template (bare true).  A byte-order mark is reported and skipped.
 */
void lex_init(struct lexer *lx, const struct source *src,
    struct diag_list *dl, bool bare);
void lex_release(struct lexer *lx);
/* Read the next token.  After TOK_EOF every call returns TOK_EOF again. */
struct tok lex_next(struct lexer *lx);
/* A short description of a token type for messages ("'{'", "newline"). */
const char *lex_tok_name(enum tok_type type);
/* Whether cp may start / continue an identifier (UAX #31 and HCL's '-'). */
bool lex_is_id_start(uint32_t cp);
bool lex_is_id_continue(uint32_t cp);

#endif
