flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    labels = ["a=b"]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
