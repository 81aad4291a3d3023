# __slots__: fixed attribute sets, inherited and combined, with and without
# a __dict__.


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


class Point3(Point):
    __slots__ = ("z",)

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class Tagged(Point):
    # No __slots__ here: instances get a __dict__ again.
    pass


class Flexible:
    __slots__ = ("name", "__dict__", "__weakref__")


class Single:
    __slots__ = "value"


def attempt(what, action):
    try:
        result = action()
    except (AttributeError, TypeError, ValueError) as e:
        print(f"{what}: {type(e).__name__}: {e}")
    else:
        print(f"{what}: ok {result!r}")


p = Point(1, 2)
print(p, p.x + p.y)
p.x = 10
print(p)
attempt("new attribute", lambda: setattr(p, "z", 3))
attempt("has __dict__", lambda: hasattr(p, "__dict__"))
attempt("vars", lambda: vars(p))
print("slots on the class:", Point.__slots__)
print(type(Point.x).__name__, repr(Point.x), repr(Point.y))
print(Point.x.__get__(p, Point), Point.y.__get__(p))
Point.y.__set__(p, 20)
print(p)

empty = Point.__new__(Point)
attempt("unset slot", lambda: empty.x)
empty.y = 5
print(empty.y, hasattr(empty, "x"), getattr(empty, "x", "default"))
del empty.y
attempt("deleted slot", lambda: empty.y)
try:
    del empty.y
except AttributeError as e:
    print("del twice:", e)

q = Point3(1, 2, 3)
print(q, q.z)
attempt("subclass new attribute", lambda: setattr(q, "w", 4))
print(isinstance(q, Point), Point3.__slots__)

t = Tagged(5, 6)
t.label = "tagged"
print(t, t.label, t.__dict__)

f = Flexible()
f.name = "flex"
f.extra = 1
print(f.name, f.extra, f.__dict__)

s = Single()
s.value = "only"
print(s.value)
attempt("single other", lambda: setattr(s, "other", 1))

attempt("conflict", lambda: type("Bad", (), {"__slots__": ("a",), "a": 1}))
attempt("not identifier", lambda: type("Bad", (), {"__slots__": ("no good",)}))
attempt("not a string", lambda: type("Bad", (), {"__slots__": (1,)}))

# object.__setattr__ obeys the slots too.
attempt("object.__setattr__", lambda: object.__setattr__(p, "color", "red"))
object.__setattr__(p, "x", 99)
print(p)

# Many instances of a slotted class behave independently.
points = [Point(i, i * i) for i in range(5)]
for pt in points:
    pt.x += 100
print([pt.x for pt in points], sum(pt.y for pt in points))
