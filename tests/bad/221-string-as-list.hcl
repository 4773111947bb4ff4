flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    hostname = ["a", "b"]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
