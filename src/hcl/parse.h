/*
 * The HCL2 native-syntax parser: recursive descent over the tokens of
 * hcl/lex.h, building the tree of hcl/ast.h.
 *
 * Every function here reads the whole source, allocates the tree in the
 * arena a (freed by the caller with arena_release), and adds one diagnostic
 * per independent syntax error to dl (recovering at the next newline or
 * closing bracket).  They always return a tree; when dl gained errors the
 * tree holds AST_INVALID nodes where input could not be read.  src must
 * outlive the tree's use in diagnostics.
 */
#ifndef RF_HCL_PARSE_H
#define RF_HCL_PARSE_H

#include "diag/diag.h"
#include "diag/source.h"
#include "hcl/ast.h"
#include "util/arena.h"

/*
 * Nesting deeper than this is an error: blocks, brackets, calls, strings
 * in interpolations, template directives, conditionals and index keys
 * each take a level, and so does each operator or postfix step of a
 * chain (a + b + c is ((a + b) + c), three levels deep).  So every tree
 * these functions return, with the blocks around it, is at most
 * PARSE_MAX_DEPTH + 1 nodes deep (see ast_expr.height): code may recurse
 * over it without running out of stack.
 */
#define PARSE_MAX_DEPTH 512

/* A file: a body of attributes and blocks (a flow file, a --var-file). */
struct ast_body *parse_file(struct arena *a, const struct source *src,
    struct diag_list *dl);
/* One expression filling the whole source (newlines around it allowed). */
struct ast_expr *parse_expr(struct arena *a, const struct source *src,
    struct diag_list *dl);
/*
 * A bare template: the whole source is template text, as in a heredoc
 * (no backslash escapes; ${}, %{} and their $${ %%{ escapes work).  The
 * result is an AST_LITERAL string or an AST_TEMPLATE with AST_F_BARE.
 */
struct ast_expr *parse_template(struct arena *a, const struct source *src,
    struct diag_list *dl);

#endif
