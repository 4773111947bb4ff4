flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    log_config = { type = "none", config = { max-size = "10m" } }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
