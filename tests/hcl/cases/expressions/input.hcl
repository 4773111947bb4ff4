trav = var.a.b[0]["k"].c
legacy = a.0.b
index = a[b]
getattr = f(x).y
attrsplat = a.*.b
fullsplat = a[*].b[0]
cond = x > 1 ? "big" : "small"
arith = 1 + 2 * 3 - (4 / 5) % 6
logic = !a && b || c == d != e
cmp = a < b && c <= d && e > f && g >= h
paren = (1)
neg = -(1)
for_t = [for i, v in xs : v * 2 if i > 0]
for_o = {for k, v in m : k => v... if v != null}
call = upper("a", b...)
ns = provider::ns::fn(1)
