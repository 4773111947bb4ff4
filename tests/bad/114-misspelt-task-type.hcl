flow "x" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_rnu" "a" {
    command = "true"
  }
}
