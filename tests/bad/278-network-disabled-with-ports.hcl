flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    network_disabled = true
    ports = { "80" = 8080 }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
