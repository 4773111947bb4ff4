flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    network_mode = "host"
    ports = { "80/tcp" = 8080 }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
