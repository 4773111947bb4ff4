service "web" "front" {
  port = 80
}
service "web" "back" {
  port = 81
}
service "db" {
  port = 5432
}
locals {
  a = 1
}
locals {
  b = 2
}
ident label {
}
