# x in set
# locals: s
s = set(range(1, 10))
## body
5 in s
