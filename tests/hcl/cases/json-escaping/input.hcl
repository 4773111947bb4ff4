ctl = "\u0001 \u001f"
html = "<a & b>"
quote = "\\ \""
