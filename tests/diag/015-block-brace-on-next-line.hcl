task "a"
{
  x = 1
}
