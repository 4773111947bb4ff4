flow "eval" {
  variable "a" {
    default     = task.bash_run.first.stdout
    description = "the ${var.b} value"
  }
  variable "b" {
    default = "x"
  }
  task "bash_run" "first" {
    command = "echo hi"
  }
  task "file_write" "w" {
    filename = "written"
    content  = var.a
  }
}
