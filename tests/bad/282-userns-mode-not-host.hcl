flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    userns_mode = "private"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
