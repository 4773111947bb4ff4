flow "x" {
  task "file_write" "w" {
    filename = ["written"]
    content  = "x"
  }
}
