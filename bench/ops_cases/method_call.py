# o.m()
# locals: o
class C:
    def m(self):
        return 1
o = C()
## body
o.m()
