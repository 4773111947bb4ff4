flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    labels = 7
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
