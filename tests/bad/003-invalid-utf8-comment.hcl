flow "utf8" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  # a comment with a stray byte ÿ here
}
