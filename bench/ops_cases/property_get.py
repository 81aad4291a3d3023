# obj.prop (a property)
# locals: o
class C:
    def __init__(self):
        self._x = 1

    @property
    def x(self):
        return self._x
o = C()
## body
o.x
