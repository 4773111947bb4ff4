flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    device_read_bps = [{ Path = "/dev/sda" }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
