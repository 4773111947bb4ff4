flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    lxc_conf = 5
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
