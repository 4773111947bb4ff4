flow "x" {
  variable "m" {
    default = ["a"]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = var.m[0
  }
}
