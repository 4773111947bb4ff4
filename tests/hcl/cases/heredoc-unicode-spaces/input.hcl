a = <<-EOT
　　x
　y
 EOT
t = <<-EOT
		p
	q
EOT
