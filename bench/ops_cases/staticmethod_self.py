# staticmethod via self
# locals: o
class C:
    @staticmethod
    def s(a):
        return a
o = C()
## body
o.s(1)
