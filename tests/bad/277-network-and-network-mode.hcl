flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    network = "bridge"
    network_mode = "bridge"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
