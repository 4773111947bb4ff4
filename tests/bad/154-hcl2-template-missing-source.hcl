flow "x" {
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
  task "hcl2_template" "t" {
    template = "hello"
  }
}
