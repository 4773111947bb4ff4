flow "a\u0000b" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
