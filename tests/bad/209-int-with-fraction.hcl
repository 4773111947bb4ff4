flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    cpu_shares = 1.5
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
