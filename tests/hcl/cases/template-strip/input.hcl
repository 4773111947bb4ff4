a = "x ${~ v ~} y"
b = "x  ${v~}  y"
c = "x  ${~v}  y"
d = "${v~} "
