flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    cap_add = { NET_ADMIN = true }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
