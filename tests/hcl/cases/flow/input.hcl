flow "hello" {
  variable "who" {
    default = "world"
  }
  task "docker_run" "greet" {
    image   = "alpine:3.19"
    command = ["echo", "hello ${var.who}"]
    _depends_on = [task.bash_run.prep]
    _retry = { stop_after = "3 times", wait = wait_fixed(2) }
  }
  task "bash_run" "prep" {
    command = "true"
  }
}
