flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    kernel_memory = "lots"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
