flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    device_write_bps = [{ Path = "/dev/sda", Rate = "1mb" }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
