flow "docker" {
  task "docker_run" "a" {
    image = ["alpine"]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
