# method call with defaults
# locals: o
class C:
    def m(self, a, b=2, c=3):
        return a
o = C()
## body
o.m(1)
