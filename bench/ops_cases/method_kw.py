# method call with a keyword
# locals: o
class C:
    def m(self, a, b=2):
        return a
o = C()
## body
o.m(1, b=5)
