flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    devices = [{ PathInContainer = "/dev/xvda" }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
