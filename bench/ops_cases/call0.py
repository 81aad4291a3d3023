# function call, 0 args
# locals: f
def f():
    return 1
## body
f()
