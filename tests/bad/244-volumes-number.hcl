flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    volumes = 1
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
