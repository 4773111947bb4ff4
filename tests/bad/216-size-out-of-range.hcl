flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    memswap_limit = "99999999999999999999g"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
