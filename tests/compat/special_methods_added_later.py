# Special methods looked up on instances keep working when a class (or a
# base) gains, changes or loses them after its instances were used: the
# interpreter may remember that a class lacks one, and must forget it.


class Base:
    pass


class Plain(Base):
    pass


a, b = Plain(), Plain()
print("before:", bool(a), a == b, a != b, a == a)
h = {a: 1}
print("hash before:", h[a])

# Gain __bool__ and __len__ on the class itself.
Plain.__bool__ = lambda self: False
print("with __bool__:", bool(a), "yes" if a else "no")
del Plain.__bool__
print("without __bool__:", bool(a))
Plain.__len__ = lambda self: 0
print("with __len__:", bool(a), not a)
del Plain.__len__
print("without __len__:", bool(a))

# Gain __eq__ through a base class.
Base.__eq__ = lambda self, other: True
print("base __eq__:", a == b, a != b)
Base.__hash__ = lambda self: 7
print("base __hash__:", hash(a), {a: 2}[b])
del Base.__eq__
del Base.__hash__
print("base cleared:", a == b, hash(a) == hash(a))

# __hash__ = None makes instances unhashable, after they were hashed.
Plain.__hash__ = None
try:
    hash(a)
except TypeError as e:
    print("TypeError:", e)
del Plain.__hash__
print("hashable again:", {a: 3}[a])

# A new subclass, and many classes in a row, each keep their own answers.
for i in range(5):
    cls = type(f"K{i}", (Base,), {"__bool__": (lambda self: False)} if i % 2 else {})
    print(cls.__name__, bool(cls()))

# Instances' own attributes never count as special methods.
c = Plain()
c.__bool__ = lambda: False
print("instance attribute:", bool(c))
