flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    ulimits = { nofile = 1024 }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
