# C(1) with __init__
class C:
    def __init__(self, x):
        self.x = x
## body
C(1)
