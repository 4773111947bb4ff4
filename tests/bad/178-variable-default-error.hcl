flow "eval" {
  variable "v" {
    default = upper()
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = "echo ${var.v}"
  }
}
