flow "t" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "bash_run" "a" {
    command = "%{ for in [1] }x%{ endfor }"
  }
}
