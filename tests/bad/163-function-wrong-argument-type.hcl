flow "eval" {
  variable "list" {
    default = ["a", "b"]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = join(" ", "a")
  }
}
