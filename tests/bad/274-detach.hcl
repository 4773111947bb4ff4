flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    detach = true
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
