flow "eval" {
  variable "a" {
    default = "x"
  }
  variable "b" {
    default = var.a
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
