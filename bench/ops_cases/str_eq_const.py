# str == 'c'
# locals: s
s = "abc"[2]
## body
s == "c"
