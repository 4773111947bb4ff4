flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    ports = { "80/tcp" = { HostIp = "127.0.0.1" } }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
