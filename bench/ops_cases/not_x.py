# not x (int)
# locals: x
x = 5
## body
not x
