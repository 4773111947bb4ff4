flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    volumes_from = { c = "ro" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
