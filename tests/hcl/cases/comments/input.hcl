a = 1 # trailing hash
b = 2 // trailing slashes
c /* inline */ = 3
/* block
   comment */ d = 4
e = [1, /* in list */ 2]
