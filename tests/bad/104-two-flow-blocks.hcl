flow "one" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
flow "two" {
}
