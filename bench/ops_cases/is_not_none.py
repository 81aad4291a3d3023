# x is not None (in an if)
# locals: x
x = 5
## body
if x is not None:
    pass
