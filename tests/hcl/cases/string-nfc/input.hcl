decomposed = "e\u0301"
raw = "cafe\u0301"
literal = "ŝ"
