flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    extra_hosts = 127001
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
