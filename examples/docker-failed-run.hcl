# A container that exits with a non-zero status fails its task, and
# runflow exits with status 1.
#
#   runflow run examples/docker-failed-run.hcl
flow "docker-failed-run" {
  task "docker_run" "exit" {
    image   = "ubuntu:latest"
    command = "/bin/bash -c 'exit 1'"
  }
}
