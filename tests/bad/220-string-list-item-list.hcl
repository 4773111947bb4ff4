flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    dns = ["1.1.1.1", ["8.8.8.8"]]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
