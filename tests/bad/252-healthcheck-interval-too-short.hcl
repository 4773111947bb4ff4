flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    healthcheck = { test = "true", interval = 5 }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
