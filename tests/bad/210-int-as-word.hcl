flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    cpu_shares = "lots"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
