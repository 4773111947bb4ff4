flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    healthcheck = "curl -f http://localhost/"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
