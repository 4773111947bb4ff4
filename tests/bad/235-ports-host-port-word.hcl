flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    ports = { "80/tcp" = "eighty" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
