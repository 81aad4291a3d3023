# str == str (equal, distinct objects)
# locals: a, b
a = "hello world"
b = " ".join(["hello", "world"])
## body
a == b
