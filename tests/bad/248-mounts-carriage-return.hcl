flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    mounts = [{ Type = "bind", Source = "/h\r", Target = "/c" }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
