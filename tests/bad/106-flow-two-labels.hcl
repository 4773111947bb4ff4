flow "a" "b" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
