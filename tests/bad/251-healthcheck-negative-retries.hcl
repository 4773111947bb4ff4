flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    healthcheck = { test = "true", retries = -1 }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
