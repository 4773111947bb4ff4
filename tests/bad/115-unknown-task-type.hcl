flow "x" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "kubernetes_job" "a" {
    image = "alpine"
  }
}
