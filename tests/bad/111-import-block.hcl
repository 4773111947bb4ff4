flow "x" {
  import {
    module = "my_tasks"
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
