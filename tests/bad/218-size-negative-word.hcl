flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    mem_limit = "-"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
