#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hcl/ast.h"
#include "util/xmalloc.h"

/*
 * Names bound by the for expressions and %{for} directives around the
 * expression being walked, innermost last.  The parser limits nesting to
 * PARSE_MAX_DEPTH, two names per level; the stack starts small, inside
 * the walk (most expressions bind nothing), and grows on the heap.
 */
#define WALK_MAX_LOCALS 2048
#define WALK_SMALL_LOCALS 16

struct walk {
	ast_traversal_cb cb;
	void *arg;
	const char **locals;	/* small, or owned when bigger */
	size_t nlocals;
	size_t alocals;
	const char *small[WALK_SMALL_LOCALS];
};

static void walk_expr(struct walk *w, const struct ast_expr *e);

/* Whether name is bound by an enclosing for. */
static bool
walk_is_local(const struct walk *w, const char *name)
{
	for (size_t i = w->nlocals; i > 0; i--)
		if (strcmp(w->locals[i - 1], name) == 0)
			return true;
	return false;
}

/* Bind a for variable (NULL: nothing to bind). */
static void
walk_push(struct walk *w, const char *name)
{
	if (name == NULL)
		return;
	if (w->nlocals == WALK_MAX_LOCALS)
		fatal("for expressions nested too deeply to walk");
	if (w->nlocals == w->alocals) {
		const char **bigger = xreallocarray(NULL, w->alocals * 2,
		    sizeof(*bigger));

		memcpy(bigger, w->locals, w->nlocals * sizeof(*bigger));
		if (w->locals != w->small)
			free(w->locals);
		w->locals = bigger;
		w->alocals *= 2;
	}
	w->locals[w->nlocals++] = name;
}

/* Start a walk. */
static void
walk_init(struct walk *w, ast_traversal_cb cb, void *arg)
{
	w->cb = cb;
	w->arg = arg;
	w->locals = w->small;
	w->nlocals = 0;
	w->alocals = WALK_SMALL_LOCALS;
}

/* Free what a walk grew. */
static void
walk_release(struct walk *w)
{
	if (w->locals != w->small)
		free(w->locals);
}

/* Walk every part of a template. */
static void
walk_template(struct walk *w, const struct ast_template *t)
{
	for (size_t i = 0; i < t->nparts; i++) {
		const struct ast_tpl_part *p = &t->parts[i];
		size_t saved;

		switch (p->kind) {
		case AST_TPL_LITERAL:
			break;
		case AST_TPL_INTERP:
			walk_expr(w, p->u.interp);
			break;
		case AST_TPL_IF:
			walk_expr(w, p->u.ifd->cond);
			walk_template(w, &p->u.ifd->then_parts);
			walk_template(w, &p->u.ifd->else_parts);
			break;
		case AST_TPL_FOR:
			walk_expr(w, p->u.ford->coll);
			saved = w->nlocals;
			walk_push(w, p->u.ford->key_var);
			walk_push(w, p->u.ford->val_var);
			walk_template(w, &p->u.ford->body);
			w->nlocals = saved;
			break;
		}
	}
}

/* Walk one expression and everything below it. */
static void
walk_expr(struct walk *w, const struct ast_expr *e)
{
	size_t i, saved;

	if (e == NULL)
		return;
	switch (e->kind) {
	case AST_INVALID:
	case AST_LITERAL:
	case AST_SPLAT_ITEM:
		break;
	case AST_TEMPLATE:
		walk_template(w, &e->u.tpl);
		break;
	case AST_TUPLE:
		for (i = 0; i < e->u.tuple.n; i++)
			walk_expr(w, e->u.tuple.items[i]);
		break;
	case AST_OBJECT:
		for (i = 0; i < e->u.object.n; i++) {
			if (!e->u.object.items[i].key_ident)
				walk_expr(w, e->u.object.items[i].key);
			walk_expr(w, e->u.object.items[i].value);
		}
		break;
	case AST_CALL:
		for (i = 0; i < e->u.call->nargs; i++)
			walk_expr(w, e->u.call->args[i]);
		break;
	case AST_COND:
		walk_expr(w, e->u.cond->cond);
		walk_expr(w, e->u.cond->then_expr);
		walk_expr(w, e->u.cond->else_expr);
		break;
	case AST_BINARY:
		walk_expr(w, e->u.binary.lhs);
		walk_expr(w, e->u.binary.rhs);
		break;
	case AST_UNARY:
		walk_expr(w, e->u.unary.operand);
		break;
	case AST_TRAVERSAL:
		if (!walk_is_local(w, e->u.trav.root))
			w->cb(e, w->arg);
		break;
	case AST_INDEX:
		walk_expr(w, e->u.index.coll);
		walk_expr(w, e->u.index.key);
		break;
	case AST_GETATTR:
		walk_expr(w, e->u.getattr.obj);
		break;
	case AST_SPLAT:
		walk_expr(w, e->u.splat->source);
		walk_expr(w, e->u.splat->each);
		break;
	case AST_FOR:
		walk_expr(w, e->u.forx->coll);
		saved = w->nlocals;
		walk_push(w, e->u.forx->key_var);
		walk_push(w, e->u.forx->val_var);
		walk_expr(w, e->u.forx->key);
		walk_expr(w, e->u.forx->val);
		walk_expr(w, e->u.forx->cond);
		w->nlocals = saved;
		break;
	case AST_PAREN:
		walk_expr(w, e->u.paren.inner);
		break;
	}
}

/* Report every outside reference in an expression. */
void
ast_walk_traversals(const struct ast_expr *e, ast_traversal_cb cb, void *arg)
{
	struct walk w;

	walk_init(&w, cb, arg);
	walk_expr(&w, e);
	walk_release(&w);
}

/* Walk the attributes of a body and of its blocks, in source order. */
static void
walk_body(struct walk *w, const struct ast_body *b)
{
	size_t i;

	for (i = 0; i < b->nattrs; i++)
		walk_expr(w, b->attrs[i].expr);
	for (i = 0; i < b->nblocks; i++)
		walk_body(w, &b->blocks[i].body);
}

/* Report every outside reference in a body. */
void
ast_body_walk_traversals(const struct ast_body *b, ast_traversal_cb cb,
    void *arg)
{
	struct walk w;

	walk_init(&w, cb, arg);
	walk_body(&w, b);
	walk_release(&w);
}

/* Find an attribute by name. */
const struct ast_attr *
ast_body_attr(const struct ast_body *b, const char *name)
{
	for (size_t i = 0; i < b->nattrs; i++)
		if (strcmp(b->attrs[i].name, name) == 0)
			return &b->attrs[i];
	return NULL;
}

/* The operator's spelling. */
const char *
ast_op_str(enum ast_op op)
{
	switch (op) {
	case AST_OP_OR:
		return "||";
	case AST_OP_AND:
		return "&&";
	case AST_OP_EQ:
		return "==";
	case AST_OP_NE:
		return "!=";
	case AST_OP_LT:
		return "<";
	case AST_OP_GT:
		return ">";
	case AST_OP_LE:
		return "<=";
	case AST_OP_GE:
		return ">=";
	case AST_OP_ADD:
		return "+";
	case AST_OP_SUB:
	case AST_OP_NEG:
		return "-";
	case AST_OP_MUL:
		return "*";
	case AST_OP_DIV:
		return "/";
	case AST_OP_MOD:
		return "%";
	case AST_OP_NOT:
		return "!";
	}
	fatal("unknown operator %d", (int)op);
}

/* A short description of an expression kind. */
const char *
ast_kind_name(enum ast_kind kind)
{
	switch (kind) {
	case AST_INVALID:
		return "invalid expression";
	case AST_LITERAL:
		return "literal";
	case AST_TEMPLATE:
		return "template";
	case AST_TUPLE:
		return "tuple";
	case AST_OBJECT:
		return "object";
	case AST_CALL:
		return "function call";
	case AST_COND:
		return "conditional";
	case AST_BINARY:
		return "binary operation";
	case AST_UNARY:
		return "unary operation";
	case AST_TRAVERSAL:
		return "reference";
	case AST_INDEX:
		return "index";
	case AST_GETATTR:
		return "attribute access";
	case AST_SPLAT:
		return "splat";
	case AST_SPLAT_ITEM:
		return "splat element";
	case AST_FOR:
		return "for expression";
	case AST_PAREN:
		return "parenthesised expression";
	}
	fatal("unknown expression kind %d", (int)kind);
}
