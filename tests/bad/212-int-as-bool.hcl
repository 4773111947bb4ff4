flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    oom_score_adj = true
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
