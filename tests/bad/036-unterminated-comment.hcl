flow "c" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  /* this comment
     never ends
}
