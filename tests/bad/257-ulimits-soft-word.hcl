flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    ulimits = [{ name = "nofile", soft = "many" }]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
