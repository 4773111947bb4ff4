flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    mounts = [{ Type = "bind", Source = "/h" }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
