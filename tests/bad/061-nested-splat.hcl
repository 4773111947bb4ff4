flow "x" {
  variable "m" {
    default = [{a = [{b = 1}]}]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = jsonencode(var.m.*.a.*.b)
  }
}
