# Replace the image's entrypoint: the list's tail goes before the command.
#
#   runflow run examples/docker-entrypoint.hcl --var out=/tmp/out.txt
flow "docker-entrypoint" {
  variable "out" {
    default = "/dev/stdout"
  }

  task "docker_run" "setup" {
    image      = "ubuntu:latest"
    entrypoint = ["/bin/bash", "-c"]
    command    = ["echo runflow is awesome"]
  }

  task "file_write" "save" {
    filename = var.out
    content  = task.docker_run.setup.stdout
  }
}
