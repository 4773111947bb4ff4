flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    group_add = [["audio"]]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
