flow "x" {
  variable "v" {
    default = 1
  }
  variable "v" {
    default = 2
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
