empty_t = []
empty_o = {}
t = [1, "two", [3], {four = 4},]
o = {
  b = 2
  a = 1, c = 3
  "quoted key" = 4
  (k) = 5
  x.y = 6
  7 = "seven"
  d: 8
}
dup = { a = 1, a = 2 }
multi = [
  1,
  2
]
