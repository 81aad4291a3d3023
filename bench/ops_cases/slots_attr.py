# o.x, o.x = v (__slots__ class)
# locals: o
class C:
    __slots__ = ("x", "y")

    def __init__(self):
        self.x = 1
        self.y = 2
o = C()
## body
o.x = o.y
