flow "x" {
  variable "v" {
    required = "yes"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
