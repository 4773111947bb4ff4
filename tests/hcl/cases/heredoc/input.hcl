doc = <<EOT
line one
  line two
$${not} ${interp}
EOT
empty = <<EOT
EOT
crlf_free = <<-EOT
	tab
	  more
	EOT
