flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    healthcheck = { test = ["RUN", "true"] }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
