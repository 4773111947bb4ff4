flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    privileged = "yes"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
