## src/hcl: the HCL2 native-syntax front end (lexer, parser, tree,
## templates, hcl2json) and its command.
librunflow_a_SOURCES += \
	src/hcl/ast.c src/hcl/ast.h \
	src/hcl/json.c src/hcl/json.h \
	src/hcl/lex.c src/hcl/lex.h \
	src/hcl/parse.c src/hcl/parse.h \
	src/hcl/template.c src/hcl/template.h \
	src/cli/hcl2json.c
