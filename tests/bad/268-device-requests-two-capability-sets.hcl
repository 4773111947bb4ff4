flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    device_requests = [{ count = -1, capabilities = [["gpu"], ["compute"]] }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
