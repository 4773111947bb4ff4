b "a\"q" "\u00e9" {}
c "e\u0301" {}
d "café" x {}
