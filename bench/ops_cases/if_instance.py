# if obj: (instance)
# locals: o
class C:
    pass
o = C()
## body
if o:
    pass
