flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    tty = 1
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
