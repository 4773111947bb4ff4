flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    pids_limit = 5e2
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
