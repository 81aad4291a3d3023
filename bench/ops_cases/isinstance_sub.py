# isinstance (subclass)
# locals: o
class A:
    pass
class B(A):
    pass
o = B()
## body
isinstance(o, A)
