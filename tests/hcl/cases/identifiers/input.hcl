with-dash = 1
_under = 2
héllo = 3
日本 = 4
a1-b2_c3 = 5
