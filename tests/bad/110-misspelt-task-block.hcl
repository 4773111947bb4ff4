flow "x" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  taks "bash_run" "a" {
    command = "true"
  }
}
