flow "vars" {
  variable "port" {
    required = true
  }
  task "docker_run" "a" {
    image = "alpine"
    ports = { "80/tcp" = var.port }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
