# for over a list of 10
# locals: lst
# n: 20000
lst = list(range(10))
## body
for x in lst:
    pass
