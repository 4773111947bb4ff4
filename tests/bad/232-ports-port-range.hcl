flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    ports = { "8000-8010/tcp" = 8000 }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
