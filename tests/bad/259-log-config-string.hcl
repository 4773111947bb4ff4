flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    log_config = "json-file"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
