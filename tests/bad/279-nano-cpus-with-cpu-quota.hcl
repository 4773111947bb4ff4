flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    nano_cpus = 1000000000
    cpu_quota = 50000
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
