flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    shm_size = "gb"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
