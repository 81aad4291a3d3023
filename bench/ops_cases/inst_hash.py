# {inst: 1} lookup (default hash)
# locals: d, o
class C:
    pass
o = C()
d = {o: 1}
## body
d[o]
