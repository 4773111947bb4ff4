for = 1
in = 2
if = [for in in if : in]
true_ish = true
null = null
