flow "x" {
  variable {
    default = 1
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
