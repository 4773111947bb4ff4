flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    log_config = { type = "json-file", config = { max-file = 3 } }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
