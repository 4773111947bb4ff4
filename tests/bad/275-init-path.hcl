flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    init_path = "/usr/bin/tini"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
