flow "x" {
  a = 1
