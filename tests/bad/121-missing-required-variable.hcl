flow "x" {
  variable "target" {
    required = true
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "file_write" "t" {
    filename = var.target
    content  = "x"
  }
}
