flow "x" {
  variable "m" {
    default = [[1]]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = "echo ${var.m.0.0}"
  }
}
