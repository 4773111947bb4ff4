flow "x" {
  variable "greeting" {
    default = "hi"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = "echo ${var.greting}"
  }
}
