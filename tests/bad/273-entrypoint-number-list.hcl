flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    entrypoint = [1, 2]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
