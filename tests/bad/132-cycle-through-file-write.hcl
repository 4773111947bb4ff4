flow "x" {
  task "file_write" "w" {
    filename = "written"
    content  = task.file_read.r.content
  }
  task "file_read" "r" {
    filename = task.file_write.w.filename
  }
}
