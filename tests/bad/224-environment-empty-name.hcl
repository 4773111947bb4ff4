flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    environment = { "" = "x" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
