# list comprehension, 10 items
# locals: lst
# n: 20000
lst = list(range(10))
## body
[x for x in lst]
