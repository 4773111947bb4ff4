flow "x" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = "true"
    _retry = { stop_after = "3 times", wait = wait_fixed(1, 2, 3) }
  }
}
