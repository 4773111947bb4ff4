flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    device_requests = [{ count = 1, device_ids = ["0"] }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
