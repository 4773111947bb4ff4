flow "t" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = "%{ for x in [1, 2] }${x} "
  }
}
