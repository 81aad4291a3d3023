# inst == inst (no __eq__)
# locals: a, b
class C:
    pass
a = C()
b = C()
## body
a == b
