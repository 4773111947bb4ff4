flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    volumes = { "/data" = { bind = "/d", mode = "" } }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
