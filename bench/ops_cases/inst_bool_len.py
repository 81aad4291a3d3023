# if obj: (instance with __len__)
# locals: o
class C:
    def __len__(self):
        return 1
o = C()
## body
if o:
    pass
