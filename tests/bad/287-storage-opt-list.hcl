flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    storage_opt = ["size=10G"]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
