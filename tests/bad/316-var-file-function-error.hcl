flow "vars" {
  variable "size" {
    default = "64m"
  }
  task "docker_run" "a" {
    image     = "alpine"
    mem_limit = var.size
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
