# closure call
# locals: f
def make():
    k = 1
    def g(x):
        return x + k
    return g
f = make()
## body
f(1)
