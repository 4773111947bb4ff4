spaces = <<-EOT
    a
      b

    c
    EOT
interp = <<-EOT
  x
  ${y}
   z
  EOT
first_interp = <<-EOT
${y}
    x
EOT
blank_ws = <<-EOT
    a
  
    b
EOT
