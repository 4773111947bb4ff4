flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    volumes = { "/data" = { mode = "ro" } }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
