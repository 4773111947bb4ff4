flow "bom" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
