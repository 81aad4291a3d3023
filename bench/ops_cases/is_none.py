# x is None (in an if)
# locals: x
x = 5
## body
if x is None:
    pass
