flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    cpu_count = "two"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
