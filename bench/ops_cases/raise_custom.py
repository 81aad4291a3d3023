# raise C(arg) + except (Exception subclass)
# locals: o
# n: 50000
class Contradiction(Exception):
    pass
o = object()
## body
try:
    raise Contradiction(o)
except Contradiction:
    pass
