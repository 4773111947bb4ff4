#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diag/diag.h"
#include "hcl/lex.h"
#include "hcl/template.h"

/* Lex text and compare the token types with want (ending with TOK_EOF). */
static void
expect_types(const char *text, bool bare, const enum tok_type *want)
{
	struct source *src = source_new("t", text, strlen(text));
	struct diag_list dl = DIAG_LIST_INIT;
	struct lexer lx;
	size_t i = 0;

	lex_init(&lx, src, &dl, bare);
	for (;;) {
		struct tok t = lex_next(&lx);

		if (t.type != want[i])
			fail_msg("%s: token %zu is %s, want %s", text, i,
			    lex_tok_name(t.type), lex_tok_name(want[i]));
		if (t.type == TOK_EOF)
			break;
		i++;
	}
	assert_int_equal(dl.n, 0);
	lex_release(&lx);
	diag_list_release(&dl);
	source_free(src);
}

static void
test_operators(void **state)
{
	static const enum tok_type want[] = { TOK_PLUS, TOK_MINUS, TOK_STAR,
		TOK_SLASH, TOK_PERCENT, TOK_AND, TOK_OR, TOK_BANG, TOK_EQEQ,
		TOK_NOTEQ, TOK_LT, TOK_GT, TOK_LE, TOK_GE, TOK_QUESTION,
		TOK_COLON, TOK_DCOLON, TOK_EQUAL, TOK_FATARROW, TOK_DOT,
		TOK_ELLIPSIS, TOK_COMMA, TOK_LPAREN, TOK_RPAREN, TOK_LBRACK,
		TOK_RBRACK, TOK_LBRACE, TOK_RBRACE, TOK_EOF };

	(void)state;
	expect_types("+ - * / % && || ! == != < > <= >= ? : :: = => . ... , "
	    "( ) [ ] { }", false, want);
}

/* Without blanks the longest operator is taken; a lone & or | is not one. */
static void
test_operators_adjacent(void **state)
{
	static const enum tok_type want[] = { TOK_LE, TOK_EQEQ, TOK_GT,
		TOK_NOTEQ, TOK_EQUAL, TOK_INVALID, TOK_INVALID, TOK_DCOLON,
		TOK_COLON, TOK_LT, TOK_LT, TOK_NUMBER, TOK_FATARROW, TOK_AND,
		TOK_BANG, TOK_OR, TOK_MINUS, TOK_EOF };

	(void)state;
	expect_types("<===>!==&|:::<<1=>&&!||-", false, want);
}

static void
test_idents_numbers(void **state)
{
	static const enum tok_type want[] = { TOK_IDENT, TOK_IDENT, TOK_IDENT,
		TOK_NUMBER, TOK_NUMBER, TOK_NUMBER, TOK_NUMBER, TOK_DOT,
		TOK_NUMBER, TOK_IDENT, TOK_EOF };
	struct source *src;
	struct diag_list dl = DIAG_LIST_INIT;
	struct lexer lx;
	struct tok t;

	(void)state;
	/* 1.e is 1 . e; a-b is one name; h\xc3\xa9 is UTF-8. */
	expect_types("a-b _x h\xc3\xa9 1 2.5 1e7 3E-2 . 4 e", false, want);
	src = source_new("t", "1.x", 3);
	lex_init(&lx, src, &dl, false);
	t = lex_next(&lx);
	assert_int_equal(t.type, TOK_NUMBER);
	assert_int_equal(t.span.end, 1);
	assert_int_equal(lex_next(&lx).type, TOK_DOT);
	lex_release(&lx);
	source_free(src);
	assert_true(lex_is_id_start(0x65e5));	/* 日 */
	assert_false(lex_is_id_start('1'));
	assert_true(lex_is_id_continue('-'));
	assert_true(lex_is_id_continue(0x0301)); /* combining acute */
	assert_false(lex_is_id_start(0x0301));
}

/*
 * Spans of the tokens lex_next reads itself and of those it leaves to the
 * rest of the lexer: '}' outside ${ }, "==", a name going on in UTF-8.
 */
static void
test_spans(void **state)
{
	static const struct {
		enum tok_type type;
		unsigned start, end;
	} want[] = {
		{ TOK_IDENT, 0, 2 }, { TOK_DOT, 2, 3 }, { TOK_IDENT, 3, 4 },
		{ TOK_EQUAL, 6, 7 }, { TOK_OQUOTE, 8, 9 },
		{ TOK_QUOTED_LIT, 9, 11 }, { TOK_CQUOTE, 11, 12 },
		{ TOK_LBRACE, 12, 13 }, { TOK_RBRACE, 13, 14 },
		{ TOK_NEWLINE, 14, 15 }, { TOK_RBRACE, 15, 16 },
		{ TOK_EQEQ, 16, 18 }, { TOK_DOT, 19, 20 }, { TOK_NUMBER, 20, 21 },
		{ TOK_EQUAL, 21, 22 }, { TOK_IDENT, 23, 27 }, { TOK_EOF, 27, 27 },
	};
	const char *text = "ab.c  = \"xy\"{}\n}== .1= h\xc3\xa9y";
	struct source *src = source_new("t", text, strlen(text));
	struct diag_list dl = DIAG_LIST_INIT;
	struct lexer lx;

	(void)state;
	lex_init(&lx, src, &dl, false);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct tok t = lex_next(&lx);

		assert_int_equal(t.type, want[i].type);
		assert_int_equal(t.span.start, want[i].start);
		assert_int_equal(t.span.end, want[i].end);
	}
	assert_int_equal(dl.n, 0);
	lex_release(&lx);
	source_free(src);
}

/* Quoted templates nested deeper than the first mode stack. */
static void
test_deep_quotes(void **state)
{
	enum tok_type want[2 * 40 + 1];
	char text[3 * 40 + 1];

	(void)state;
	for (size_t i = 0; i < 40; i++) {
		memcpy(text + 3 * i, "\"${", 3);
		want[2 * i] = TOK_OQUOTE;
		want[2 * i + 1] = TOK_INTERP;
	}
	text[3 * 40] = '\0';
	want[2 * 40] = TOK_EOF;
	expect_types(text, false, want);
}

static void
test_comments_newlines(void **state)
{
	static const enum tok_type want[] = { TOK_IDENT, TOK_NEWLINE,
		TOK_IDENT, TOK_NEWLINE, TOK_IDENT, TOK_IDENT, TOK_NEWLINE,
		TOK_IDENT, TOK_EOF };

	(void)state;
	expect_types("a # c\nb // c\r\nc /* x\ny */ d\ne", false, want);
}

static void
test_quoted_template(void **state)
{
	static const enum tok_type want[] = { TOK_IDENT, TOK_EQUAL, TOK_OQUOTE,
		TOK_QUOTED_LIT, TOK_INTERP, TOK_IDENT, TOK_LBRACE, TOK_RBRACE,
		TOK_SEQ_END, TOK_QUOTED_LIT, TOK_CONTROL, TOK_IDENT, TOK_IDENT,
		TOK_SEQ_END, TOK_CQUOTE, TOK_EOF };

	(void)state;
	/* $${ is text; the { } inside ${ } nest; ~} strips. */
	expect_types("a = \"x\\\" $${y} ${b {}} z%{~ if c ~}\"", false, want);
}

static void
test_quoted_newline(void **state)
{
	static const enum tok_type want[] = { TOK_OQUOTE, TOK_QUOTED_LIT,
		TOK_QUOTED_NEWLINE, TOK_NEWLINE, TOK_IDENT, TOK_EOF };

	(void)state;
	expect_types("\"abc\nb", false, want);
}

static void
test_heredoc(void **state)
{
	static const enum tok_type want[] = { TOK_OHEREDOC, TOK_STRING_LIT,
		TOK_STRING_LIT, TOK_INTERP, TOK_IDENT, TOK_SEQ_END,
		TOK_STRING_LIT, TOK_CHEREDOC, TOK_NEWLINE, TOK_IDENT, TOK_EOF };
	const char *text = "<<-EOT\n  a\n  b ${x}\n  EOT \nz";
	struct source *src = source_new("t", text, strlen(text));
	struct diag_list dl = DIAG_LIST_INIT;
	struct lexer lx;
	struct tok t;

	(void)state;
	expect_types(text, false, want);
	lex_init(&lx, src, &dl, false);
	t = lex_next(&lx);
	assert_true(t.flags & TOKF_FLUSH);
	assert_int_equal(t.span.start, 0);
	assert_int_equal(t.span.end, 6);
	while ((t = lex_next(&lx)).type != TOK_CHEREDOC)
		;
	/* The marker without its white space. */
	assert_int_equal(t.span.start, 22);
	assert_int_equal(t.span.end, 25);
	lex_release(&lx);
	source_free(src);
}

static void
test_bare_template(void **state)
{
	static const enum tok_type want[] = { TOK_STRING_LIT, TOK_STRING_LIT,
		TOK_INTERP, TOK_IDENT, TOK_SEQ_END, TOK_EOF };

	(void)state;
	expect_types("a\"b\nc ${d}", true, want);
}

/* Lex text, returning the diagnostics' summaries joined by '|'. */
static char *
lex_errors(const char *text, size_t len)
{
	struct source *src = source_new("t", text, len);
	struct diag_list dl = DIAG_LIST_INIT;
	struct lexer lx;
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);

	lex_init(&lx, src, &dl, false);
	while (lex_next(&lx).type != TOK_EOF)
		;
	for (size_t i = 0; i < dl.n; i++)
		fprintf(f, "%s%u-%u:%s", i ? "|" : "", dl.v[i].subject.start,
		    dl.v[i].subject.end, dl.v[i].summary);
	fclose(f);
	lex_release(&lx);
	diag_list_release(&dl);
	source_free(src);
	return out;
}

static void
test_lex_errors(void **state)
{
	char *s;

	(void)state;
	s = lex_errors("\xef\xbb\xbf" "a", 4);
	assert_string_equal(s, "0-3:the file starts with a byte-order mark");
	free(s);
	s = lex_errors("a \xff\xfe b \xc3", 8);
	assert_string_equal(s, "2-4:invalid UTF-8 in the source|"
	    "7-8:invalid UTF-8 in the source");
	free(s);
	s = lex_errors("a /* b", 6);
	assert_string_equal(s, "2-4:unterminated comment");
	free(s);
	s = lex_errors("<<EOT x\nEOT\n", 12);
	assert_string_equal(s,
	    "5-7:invalid heredoc: text after the opening marker");
	free(s);
}

/* Invalid UTF-8 is found wherever it is in a long run of ASCII. */
static void
test_lex_invalid_utf8_offsets(void **state)
{
	char text[80], want[64];

	(void)state;
	for (size_t i = 1; i < sizeof(text); i++) {
		char *s;

		memset(text, 'x', sizeof(text));
		text[0] = '#';
		text[i] = '\xff';
		s = lex_errors(text, sizeof(text));
		snprintf(want, sizeof(want), "%zu-%zu:invalid UTF-8 in the source",
		    i, i + 1);
		assert_string_equal(s, want);
		free(s);
	}
}

static void
test_template_helpers(void **state)
{
	struct buf b = BUF_INIT;
	struct source *src;
	struct diag_list dl = DIAG_LIST_INIT;
	const char *raw = "a\\n\\t\\\"\\\\\\u00e9\\U0001F600$${x}%%{y}\\q";

	(void)state;
	src = source_new("t", raw, strlen(raw));
	assert_true(template_needs_decode(raw, strlen(raw), true));
	template_decode(&b, src, 0, src->len, true, &dl);
	assert_int_equal(b.len, strlen("a\n\t\"\\\xc3\xa9\xf0\x9f\x98\x80${x}%{y}\\q"));
	assert_memory_equal(b.data, "a\n\t\"\\\xc3\xa9\xf0\x9f\x98\x80${x}%{y}\\q",
	    b.len);
	assert_int_equal(dl.n, 1);
	assert_string_equal(dl.v[0].summary, "invalid escape sequence '\\q'");
	assert_false(template_needs_decode("plain $x", 8, true));
	assert_false(template_needs_decode("a\\b", 3, false));
	template_nfc(&b, "e\xcc\x81", 3);
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.data, "\xc3\xa9", 2);
	assert_int_equal(template_space_prefix(" \t\xe3\x80\x80x", 6), 5);
	assert_int_equal(template_trim_right("x \xc2\xa0\n", 5), 1);
	assert_int_equal(template_graphemes("\t \xe3\x80\x80", 5), 3);
	assert_int_equal(template_graphemes("\r\n", 2), 1);
	assert_int_equal(template_skip_graphemes("\xe3\x80\x80\xe3\x80\x80x",
	    7, 1), 3);
	assert_int_equal(template_skip_graphemes("  x", 3, 2), 2);
	buf_release(&b);
	diag_list_release(&dl);
	source_free(src);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_operators_adjacent),
		cmocka_unit_test(test_idents_numbers),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_deep_quotes),
		cmocka_unit_test(test_comments_newlines),
		cmocka_unit_test(test_quoted_template),
		cmocka_unit_test(test_quoted_newline),
		cmocka_unit_test(test_heredoc),
		cmocka_unit_test(test_bare_template),
		cmocka_unit_test(test_lex_errors),
		cmocka_unit_test(test_lex_invalid_utf8_offsets),
		cmocka_unit_test(test_template_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
