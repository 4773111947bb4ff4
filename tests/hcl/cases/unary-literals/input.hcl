neg = -3
negf = -0.5e2
not = !true
notf = !false
negref = -x
nots = !"a"
