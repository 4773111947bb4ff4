flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    environment = { "A=B" = "1" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
