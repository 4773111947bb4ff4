a = <<EOT x
hi
EOT
