flow "docker" {
  task "docker_run" "a" {
    image = "alpine"
    mounts = ["type=bind,source=/h,target=/c"]
  }
  task "file_write" "w" {
    filename = "written"
    content  = "x"
  }
}
