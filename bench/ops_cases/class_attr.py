# self.__class__.attr
# locals: o
class C:
    attr = 1
o = C()
## body
o.__class__.attr
