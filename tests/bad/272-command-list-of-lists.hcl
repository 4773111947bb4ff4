flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    command = ["echo", ["hi"]]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
