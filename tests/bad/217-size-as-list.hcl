flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    mem_reservation = [1024]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
