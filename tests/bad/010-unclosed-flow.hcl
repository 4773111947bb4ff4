flow "unclosed" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
