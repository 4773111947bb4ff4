flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    environment = { A = "a\u0000b" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
