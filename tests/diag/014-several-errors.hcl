a = 1 2
b = "ok"
c = [1 2]
d {
  e =
}
f = g(
