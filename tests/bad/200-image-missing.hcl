flow "docker" {
  task "docker_run" "a" {
    command = "echo hi"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
