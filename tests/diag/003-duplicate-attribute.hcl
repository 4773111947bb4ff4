name = "a"
other = 1
name = "b"
