flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    enviroment = { A = "1" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
