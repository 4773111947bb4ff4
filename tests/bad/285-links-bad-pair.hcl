flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    links = [["db"]]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
