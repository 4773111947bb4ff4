flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    privileged = "yes"
    mem_limit = "12 parsecs"
    ports = { "80/tcp" = [1, 2, "x"] }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
