# Run a command in a container and save what it printed.
#
#   runflow run examples/docker-hello-world.hcl --var out=/tmp/out.txt
flow "docker-hello-world" {
  variable "out" {
    default = "/dev/stdout"
  }

  task "docker_run" "echo" {
    image   = "ubuntu:latest"
    command = "echo hello world"
  }

  task "file_write" "save" {
    filename = var.out
    content  = task.docker_run.echo.stdout
  }
}
