# generator over 10 items (sum)
# locals: lst
# n: 20000
lst = list(range(10))
## body
sum(x for x in lst)
