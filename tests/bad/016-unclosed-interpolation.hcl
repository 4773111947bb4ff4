flow "t" {
  variable "who" {
    default = "world"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = "echo ${var.who"
  }
}
