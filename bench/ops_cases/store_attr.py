# obj.x = v
# locals: o
class C:
    def __init__(self):
        self.x = 0
o = C()
## body
o.x = 1
