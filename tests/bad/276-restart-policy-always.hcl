flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    restart_policy = { Name = "always" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
