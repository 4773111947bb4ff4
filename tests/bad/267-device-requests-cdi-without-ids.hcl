flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    device_requests = [{ driver = "cdi", count = 1 }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
