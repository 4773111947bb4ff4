flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    device_cgroup_rules = 5
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
