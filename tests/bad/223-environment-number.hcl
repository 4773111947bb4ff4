flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    environment = 3
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
