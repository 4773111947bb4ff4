# Pass environment variables to the container.
#
#   runflow run examples/docker-env.hcl --var out=/tmp/out.txt
flow "docker-env" {
  variable "out" {
    default = "/dev/stdout"
  }

  task "docker_run" "echo" {
    image   = "ubuntu:latest"
    command = "env"
    environment = {
      greeter = "world"
    }
  }

  task "file_write" "save" {
    filename = var.out
    content  = task.docker_run.echo.stdout
  }
}
