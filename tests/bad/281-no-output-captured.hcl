flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    stdout = false
    stderr = false
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
