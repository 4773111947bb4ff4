flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    user = ["1000", "1000"]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
