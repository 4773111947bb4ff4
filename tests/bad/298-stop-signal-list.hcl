flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    stop_signal = ["TERM"]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
