flow "x" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "file_read" "r" {
    filename = "written"
    encoding = "latin1"
  }
}
