flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    blkio_weight_device = [{ Path = "/dev/sda", Weight = -5 }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
