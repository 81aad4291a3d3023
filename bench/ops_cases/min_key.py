# min(list of 8, key=lambda)
# locals: xs
# n: 20000
xs = [(i * 7) % 8 for i in range(8)]
## body
min(xs, key=lambda v: -v)
