flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    kubernetes = true
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
