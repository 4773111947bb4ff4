## tests/bin: file lists for this area (included by Makefile.am).
