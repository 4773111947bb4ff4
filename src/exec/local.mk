## src/exec: file lists for this area (included by Makefile.am).
