flow "docker" {
  task "docker_run" "a" {
    image = "--privileged"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
