flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    ulimits = [{ soft = 1024, hard = 2048 }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
