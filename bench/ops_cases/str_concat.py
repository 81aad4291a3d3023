# str + str
# locals: a, b
a = "hello"
b = "world"
## body
a + b
