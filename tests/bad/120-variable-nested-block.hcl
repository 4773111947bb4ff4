flow "x" {
  variable "v" {
    validation {
      condition = true
    }
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
