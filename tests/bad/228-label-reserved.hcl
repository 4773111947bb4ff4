flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    labels = { "runflow.run" = "x" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
