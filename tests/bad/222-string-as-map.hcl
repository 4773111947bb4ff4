flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    working_dir = { path = "/tmp" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
