# function call, 3 args
# locals: f
def f(a, b, c):
    return a
## body
f(1, 2, 3)
