flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    mem_swappiness = "high"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
