flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    command = { run = "echo" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
