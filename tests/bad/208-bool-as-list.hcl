flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    read_only = [true]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
