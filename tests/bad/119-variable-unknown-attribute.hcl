flow "x" {
  variable "v" {
    defualt = 1
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
