flow "x" {
  description = "a flow"
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
