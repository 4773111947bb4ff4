flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    nano_cpus = -1
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
