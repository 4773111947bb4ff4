flow "x" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = "echo ${var.nothing_like_it}"
  }
}
