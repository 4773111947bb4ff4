flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    healthcheck = { test = "true", interval = "30s" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
