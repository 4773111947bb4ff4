flow "x" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = "true"
    _depends_on = [task.bash_run.c]
  }
  task "bash_run" "b" {
    command = "true"
    _depends_on = [task.bash_run.a]
  }
  task "bash_run" "c" {
    command = "true"
    _depends_on = [task.bash_run.b]
  }
}
