# set(s) (copy of 9 ints)
# locals: s
# n: 50000
s = set(range(1, 10))
## body
set(s)
