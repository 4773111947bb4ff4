flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    blkio_weight = { weight = 10 }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
