flow "docker" {
  task "docker_run" "a" {
    image = ""
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
