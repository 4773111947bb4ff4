flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    security_opt = { seccomp = "unconfined" }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
