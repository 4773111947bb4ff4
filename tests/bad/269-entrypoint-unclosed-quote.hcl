flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    entrypoint = "sh -c 'echo hi"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
