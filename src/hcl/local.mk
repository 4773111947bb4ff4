## src/hcl: file lists for this area (included by Makefile.am).
librunflow_a_SOURCES += \
	src/hcl/ast.c src/hcl/ast.h \
	src/hcl/parse.h
