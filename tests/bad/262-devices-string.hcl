flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    devices = "/dev/sda"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
