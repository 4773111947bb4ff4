flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    mounts = [{ Type = "bind", Source = "/h", Target = "/c", ReadOnly = "maybe" }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
