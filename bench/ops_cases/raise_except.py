# raise + except
# n: 50000
## body
try:
    raise ValueError
except ValueError:
    pass
