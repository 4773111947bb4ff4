/*
 * The syntax tree of HCL2 native syntax (HashiCorp's hclsyntax spec).
 *
 * Ownership: every node, array and string of a tree lives in the arena the
 * parser was given (see hcl/parse.h) and is freed with it; nothing here is
 * freed singly and nothing is changed after parsing.  Spans are byte ranges
 * [start, end) into the struct source that was parsed, and number texts and
 * plain string values may point straight into that source's text: keep the
 * source alive for as long as the tree is used.
 *
 * Strings: identifiers (attribute, block, function, variable and attribute
 * names) and block labels are NUL-terminated (a label may also hold NUL,
 * so use its length).  String values (literal strings, template literal
 * parts) are raw bytes with a length and are NOT NUL-terminated (a plain
 * string may point straight into the source text); they may hold NUL
 * bytes (from "\u0000").  All strings are already decoded:
 * escapes processed, "$${" and "%%{" turned into "${" and "%{", heredoc
 * indentation removed, strip markers applied, and normalised to NFC.
 *
 * A tree that came with syntax errors still has a valid shape: the parts
 * that could not be read are AST_INVALID nodes, which an evaluator should
 * treat as an unknown value without reporting anything more (the parser
 * has already said what is wrong).
 */
#ifndef RF_HCL_AST_H
#define RF_HCL_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag/source.h"

struct ast_expr;
struct ast_body;

/* Expression kinds; the matching member of ast_expr.u is named in brackets. */
enum ast_kind {
	AST_INVALID,	/* [none] a syntax error was reported here */
	AST_LITERAL,	/* [lit] null, true/false, a number or a plain string */
	AST_TEMPLATE,	/* [tpl] a string or heredoc with ${} or %{} in it */
	AST_TUPLE,	/* [tuple] [a, b, c] */
	AST_OBJECT,	/* [object] {k = v, k2: v2} */
	AST_CALL,	/* [call] f(a, b) or f(a, xs...) */
	AST_COND,	/* [cond] c ? a : b */
	AST_BINARY,	/* [binary] a + b, a && b, ... */
	AST_UNARY,	/* [unary] -a, !a */
	AST_TRAVERSAL,	/* [trav] name followed by static steps: var.x[0].y */
	AST_INDEX,	/* [index] any expression [any expression] */
	AST_GETATTR,	/* [getattr] any expression other than a traversal .name */
	AST_SPLAT,	/* [splat] a.*.b or a[*].b[0] */
	AST_SPLAT_ITEM,	/* [none] the current element inside a splat's each */
	AST_FOR,	/* [forx] [for ...] or {for ...} */
	AST_PAREN,	/* [paren] (expr) */
};

/* What a literal holds. */
enum ast_lit_kind {
	AST_LIT_NULL,
	AST_LIT_BOOL,
	AST_LIT_NUMBER,
	AST_LIT_STRING,
};

/*
 * Operators.  Binary precedence, loosest first (each level is left
 * associative): || ; && ; == != ; < > <= >= ; + - ; * / % ; then the
 * unary - and !, then postfix steps.  The conditional ?: is looser still.
 */
enum ast_op {
	AST_OP_OR,	/* || */
	AST_OP_AND,	/* && */
	AST_OP_EQ,	/* == */
	AST_OP_NE,	/* != */
	AST_OP_LT,	/* < */
	AST_OP_GT,	/* > */
	AST_OP_LE,	/* <= */
	AST_OP_GE,	/* >= */
	AST_OP_ADD,	/* + */
	AST_OP_SUB,	/* - */
	AST_OP_MUL,	/* * */
	AST_OP_DIV,	/* / */
	AST_OP_MOD,	/* % */
	AST_OP_NEG,	/* unary - */
	AST_OP_NOT,	/* unary ! */
};

/* Flags in ast_expr.flags. */
#define AST_F_QUOTED	0x01	/* LITERAL string or TEMPLATE: from "..." */
#define AST_F_HEREDOC	0x02	/* LITERAL string or TEMPLATE: from <<EOT */
#define AST_F_BARE	0x04	/* TEMPLATE: a bare template (parse_template) */
#define AST_F_ATTR_ONLY	0x08	/* SPLAT: written ".*" (see u.splat) */
#define AST_F_EXPAND	0x10	/* CALL: the last argument has "..." */

/*
 * One step of a traversal.  In an AST_TRAVERSAL every step is static: an
 * attribute name, or an index whose key is an AST_LITERAL (a[0], a["k"])
 * or a legacy index (a.0, whose key is a number literal).  An index with
 * any other key makes an AST_INDEX node instead.
 */
enum ast_step_kind {
	AST_STEP_ATTR,		/* .name */
	AST_STEP_INDEX,		/* [literal] */
	AST_STEP_LEGACY_INDEX,	/* .0 (HCL 1 style; the key is the number) */
};

struct ast_step {
	enum ast_step_kind kind;
	struct span span;		/* ".name", "[0]" or ".0" */
	union {
		const char *name;	/* AST_STEP_ATTR */
		struct ast_expr *key;	/* the other two: an AST_LITERAL */
	} u;
};

/* Template parts (quoted strings, heredocs, bare templates). */
enum ast_tpl_kind {
	AST_TPL_LITERAL,	/* text */
	AST_TPL_INTERP,		/* ${expr} */
	AST_TPL_IF,		/* %{if c}...%{else}...%{endif} */
	AST_TPL_FOR,		/* %{for k, v in coll}...%{endfor} */
};

struct ast_tpl_part;

/* A sequence of parts, concatenated when evaluated. */
struct ast_template {
	struct ast_tpl_part *parts;
	uint32_t nparts;
};

struct ast_tpl_if {
	struct ast_expr *cond;
	struct ast_template then_parts;
	struct ast_template else_parts;	/* empty when there is no %{else} */
	bool has_else;
};

struct ast_tpl_for {
	const char *key_var;		/* NULL with one variable */
	struct span key_span;
	const char *val_var;
	struct span val_span;
	struct ast_expr *coll;
	struct ast_template body;
};

struct ast_tpl_part {
	enum ast_tpl_kind kind;
	/*
	 * LITERAL: the literal's source bytes (before unescaping); INTERP:
	 * from "${" to "}"; IF and FOR: from the opening directive's "%{" to
	 * the "}" of %{endif} or %{endfor}.
	 */
	struct span span;
	union {
		struct {
			const char *s;	/* decoded; not NUL-terminated */
			uint32_t len;
		} lit;
		struct ast_expr *interp;
		struct ast_tpl_if *ifd;
		struct ast_tpl_for *ford;
	} u;
};

/* An object constructor item. */
struct ast_item {
	/*
	 * When key_ident is true the key was written as a bare identifier
	 * ({name = 1}) and means the string key->u.trav.root; it is never
	 * looked up as a variable.  Otherwise key is evaluated: a string
	 * ({"k" = 1}), a template, a parenthesised expression ({(var.k) =
	 * 1}), or anything else that converts to a string.  A key that is a
	 * traversal with steps ({foo.bar = 1}) is an error at evaluation, as
	 * in HCL; true, false and null keys are literals (the first two give
	 * "true"/"false", null is an error).
	 */
	struct ast_expr *key;
	struct ast_expr *value;
	bool key_ident;
};

/*
 * A for expression.  Forms:
 *   [for v in coll : val if cond]          (tuple; key == NULL)
 *   [for k, v in coll : val if cond]
 *   {for k, v in coll : key => val... if cond}   (object)
 * With one variable the variable is the element value (key_var NULL).
 */
struct ast_for {
	const char *key_var;		/* NULL when only one variable */
	struct span key_span;
	const char *val_var;
	struct span val_span;
	struct ast_expr *coll;
	struct ast_expr *key;		/* object form only, else NULL */
	struct ast_expr *val;
	struct ast_expr *cond;		/* NULL without "if" */
	bool object;			/* {for ...} */
	bool group;			/* "..." after val: group by key */
};

/*
 * A function call.  name may hold "::" (provider::ns::fn).  With
 * AST_F_EXPAND in the call expression's flags the last argument was
 * followed by "...": expand a list, tuple or set into arguments (runflow
 * also expands an object into named options for functions that take them).
 */
struct ast_call {
	const char *name;
	struct span name_span;
	struct span expand_span;	/* the "..." when expanding */
	struct ast_expr **args;
	uint32_t nargs;
};

/* c ? then_expr : else_expr (AST_COND). */
struct ast_cond {
	struct ast_expr *cond;
	struct ast_expr *then_expr;
	struct ast_expr *else_expr;
};

/*
 * A splat (AST_SPLAT).  source is the expression before the splat
 * operator.  each is evaluated once per element with `item` (an
 * AST_SPLAT_ITEM node, compared by pointer) bound to that element; each
 * may be item itself (a[*], a.*).  AST_F_ATTR_ONLY: written ".*", so each
 * holds only .name and .N steps; "[*]" takes every following postfix
 * step, nested splats included.  HCL: a non-list source gives a
 * one-element tuple, null gives an empty one.
 */
struct ast_splat {
	struct ast_expr *source;
	struct ast_expr *each;
	struct ast_expr *item;
};

/*
 * An expression: 32 bytes, so a big file's tree stays within memory
 * budgets (a 100 MB flow has about seven million of them).  The union
 * holds two words at most; the rare kinds with more (conditionals,
 * splats) point to their parts, and one small operand of the common ones
 * sits in the header.  Counts and lengths are 32-bit: sources are
 * smaller than 4 GiB.
 */
struct ast_expr {
	enum ast_kind kind : 8;
	unsigned flags : 8;		/* AST_F_* */
	/*
	 * The number of nodes on the longest path down from this one (1
	 * for a leaf, template directives counting as nodes).  The parser
	 * keeps every tree it returns within PARSE_MAX_DEPTH (hcl/parse.h),
	 * so code may recurse over a tree; 0 in a node built by hand.
	 */
	uint16_t height;
	union {
		uint32_t nsteps;	/* TRAVERSAL: entries of u.trav.steps */
		enum ast_op op;		/* BINARY, UNARY */
		bool legacy;		/* INDEX: written as coll.N */
	};
	struct span span;		/* the whole expression */
	union {
		/*
		 * LITERAL.  NUMBER: s is the exact source text (digits,
		 * optional fraction and exponent; never a sign), give it to
		 * val_number_parse().  STRING: s is the decoded value (not
		 * NUL-terminated).  BOOL: b.
		 */
		struct {
			enum ast_lit_kind kind : 8;
			bool b;
			uint32_t len;
			const char *s;
		} lit;
		/*
		 * TEMPLATE: at least one part is not a literal.  A template
		 * whose only part is one AST_TPL_INTERP ("${x}") evaluates to
		 * x's value itself, of any type (HCL "unwrapping"); otherwise
		 * the parts are converted to strings and joined (and the
		 * result normalised to NFC, as HCL's strings always are).
		 * Literal parts left empty by strip markers are kept, so
		 * "${x~} " has two parts and gives a string, as in HCL.
		 */
		struct ast_template tpl;
		struct {
			struct ast_expr **items;
			uint32_t n;
		} tuple;
		struct {
			struct ast_item *items;	/* in source order */
			uint32_t n;
		} object;
		struct ast_call *call;
		struct ast_cond *cond;
		/* BINARY: the operator is op. */
		struct {
			struct ast_expr *lhs;
			struct ast_expr *rhs;
		} binary;
		/* UNARY: op is AST_OP_NEG or AST_OP_NOT. */
		struct {
			struct ast_expr *operand;
		} unary;
		/*
		 * TRAVERSAL: a variable (root) and nsteps static steps, such
		 * as var.name, task.docker_run.build.stdout, local[0].x.  The
		 * keywords true, false and null are never roots (they are
		 * literals); for-expression variables are.  The root name
		 * occupies ast_trav_root_span(e).
		 */
		struct {
			const char *root;
			struct ast_step *steps;
		} trav;
		/*
		 * INDEX: coll[key] where coll is not a traversal or key is not
		 * a literal; legacy: written as coll.N.
		 */
		struct {
			struct ast_expr *coll;
			struct ast_expr *key;
		} index;
		/*
		 * GETATTR: obj.name where obj is not a traversal; the name
		 * ends the expression (ast_getattr_name_span).
		 */
		struct {
			struct ast_expr *obj;
			const char *name;
		} getattr;
		struct ast_splat *splat;
		struct ast_for *forx;
		/* PAREN: kept so {(k) = v} can be told from {k = v}. */
		struct {
			struct ast_expr *inner;
		} paren;
	} u;
};
_Static_assert(sizeof(struct ast_expr) <= 32, "struct ast_expr grew");

/* name = expr; it spans from the name to the expression's end. */
struct ast_attr {
	const char *name;
	struct ast_expr *expr;
	struct span name_span;
};

/* A block label, quoted ("web") or an identifier (web). */
struct ast_label {
	const char *s;		/* decoded, NUL-terminated; may hold NUL */
	uint32_t len;
	struct span span;	/* with the quotes when it was quoted */
};

/* A body: attributes and blocks, each list in source order. */
struct ast_body {
	struct ast_attr *attrs;
	struct ast_block *blocks;
	uint32_t nattrs;
	uint32_t nblocks;
	struct span span;	/* inside the braces; the whole file at top level */
};

/* type label... { body } */
struct ast_block {
	const char *type;
	struct span type_span;
	struct ast_label *labels;
	uint32_t nlabels;
	struct ast_body body;
	struct span open_brace;
	struct span close_brace;
	struct span span;	/* from the type to the closing brace */
};

/*
 * Called once per traversal found, with the AST_TRAVERSAL node; its root
 * and static steps (each with its span) are in e->u.trav.
 */
typedef void (*ast_traversal_cb)(const struct ast_expr *e, void *arg);

/*
 * Call cb for every traversal in e, in source order, that refers to
 * something outside the expression: traversals whose root is a variable
 * of an enclosing for expression or template %{for} are skipped (as
 * hclsyntax.Variables does).  Traversals inside index keys, function
 * arguments, templates and splats are included.
 */
void ast_walk_traversals(const struct ast_expr *e, ast_traversal_cb cb,
    void *arg);
/* The same for every attribute expression of a body and its blocks. */
void ast_body_walk_traversals(const struct ast_body *b, ast_traversal_cb cb,
    void *arg);

/* Where a traversal's root name is. */
static inline struct span
ast_trav_root_span(const struct ast_expr *e)
{
	struct span sp = { e->span.start, e->span.start };

	for (const char *c = e->u.trav.root; *c != '\0'; c++)
		sp.end++;
	return sp;
}

/* Where a GETATTR's name is: the end of the expression. */
static inline struct span
ast_getattr_name_span(const struct ast_expr *e)
{
	struct span sp = { e->span.end, e->span.end };

	for (const char *c = e->u.getattr.name; *c != '\0'; c++)
		sp.start--;
	return sp;
}

/* Where an attribute is: from its name to the end of its expression. */
static inline struct span
ast_attr_span(const struct ast_attr *a)
{
	struct span sp = { a->name_span.start, a->expr->span.end };

	return sp;
}

/* The attribute named name in b, or NULL. */
const struct ast_attr *ast_body_attr(const struct ast_body *b,
    const char *name);
/* The operator as written ("&&", "-", ...). */
const char *ast_op_str(enum ast_op op);
/* A short name of an expression kind for messages ("function call"). */
const char *ast_kind_name(enum ast_kind kind);

#endif
