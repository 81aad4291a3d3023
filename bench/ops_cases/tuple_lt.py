# (int, int) < (int, int) (tuples as sort keys)
# locals: a, b
a = (3, 7)
b = (3, 9)
## body
a < b
