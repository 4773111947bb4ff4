flow "x" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = "echo \q"
  }
  task "bash_run" "b" {
    command = [1 2]
  }
  task "bash_run" "c" {
    command = (1 +
  }
}
