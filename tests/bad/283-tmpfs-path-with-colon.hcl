flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    tmpfs = { "/run:exec" = "size=64m" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
