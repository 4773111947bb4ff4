flow "vars" {
  variable "image" {
    required = true
  }
  task "docker_run" "a" {
    image = var.image
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
