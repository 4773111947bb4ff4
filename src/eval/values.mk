## src/eval: file lists for this area (included by Makefile.am).
