flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    sysctls = ["net.core.somaxconn=1024"]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
