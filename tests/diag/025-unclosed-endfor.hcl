a = "%{for x in xs}${x}"
b = "%{endif}"
