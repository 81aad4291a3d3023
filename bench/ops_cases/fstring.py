# f-string with an int and a str
# locals: i, s
i = 42
s = "abc"
## body
f"{s}-{i}"
