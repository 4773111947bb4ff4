flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    ports = { "0" = 8080 }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
