# a, b = t
# locals: t
t = (1, 2)
## body
a, b = t
