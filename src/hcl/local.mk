## src/hcl: file lists for this area (included by Makefile.am).
