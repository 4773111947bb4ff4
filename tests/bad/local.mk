## tests/bad: the bad-input corpus (included by Makefile.am).
