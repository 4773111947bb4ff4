flow "vars" {
  variable "cmd" {
    required = true
  }
  task "docker_run" "a" {
    image   = "alpine"
    command = var.cmd
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
