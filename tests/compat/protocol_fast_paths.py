# Special methods, `is None` tests and `super().m()` where the interpreter
# takes shortcuts: the answers must follow class changes made at any time.


class Plain:
    pass


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


class Flagged(Sized):
    def __bool__(self):
        return self.n > 10


def truth_table():
    p, empty, full, small, big = Plain(), Sized(0), Sized(3), Flagged(3), Flagged(30)
    print([bool(p), bool(empty), bool(full), bool(small), bool(big)])
    print([not p, not empty, "yes" if full else "no", "yes" if small else "no"])
    # A method added to the class afterwards counts from then on.
    Plain.__bool__ = lambda self: False
    print(bool(p), not p)
    del Plain.__bool__
    print(bool(p))
    Plain.__len__ = lambda self: 0
    print(bool(p))
    del Plain.__len__
    # __bool__ = None falls back to __len__, as in CPython.
    class NoneBool(Sized):
        __bool__ = None
    try:
        print(bool(NoneBool(0)))
    except TypeError as e:
        print("TypeError", e)
    class BadBool:
        def __bool__(self):
            return 1
    try:
        bool(BadBool())
    except TypeError as e:
        print("TypeError", e)


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


def equality():
    a, b = Point(1, 2), Point(1, 2)
    print(a == a, a == b, a != b, a != a)
    Point.__eq__ = lambda self, other: (self.x, self.y) == (other.x, other.y)
    print(a == b, a != b)
    Point.__ne__ = lambda self, other: "custom ne"
    print(a != b)
    del Point.__ne__
    del Point.__eq__
    print(a == b, a != b)
    # A subclass's reflected __eq__ goes first.
    class Sub(Point):
        def __eq__(self, other):
            return "sub first"
    print(a == Sub(0, 0), Sub(0, 0) == a)


def hashing():
    class Key:
        def __init__(self, k):
            self.k = k
    k1, k2 = Key(1), Key(1)
    d = {k1: "one"}
    print(k1 in d, k2 in d, d[k1])
    class ValueKey(Key):
        def __eq__(self, other):
            return isinstance(other, Key) and self.k == other.k
        def __hash__(self):
            return hash(self.k)
    v1, v2 = ValueKey(5), ValueKey(5)
    print(v2 in {v1: 1}, len({v1, v2}))
    class Unhashable(Key):
        def __eq__(self, other):
            return True
    try:
        hash(Unhashable(1))
    except TypeError as e:
        print("TypeError", e)


def strings():
    parts = ["ab", "c"]
    s = "".join(parts)
    print(s == "abc", s != "abc", s < "abd", s >= "abc", s > "ab", "é" > "z")
    print([w for w in ["pear", "apple", "fig"] if w == "fig" or w < "b"])


def none_tests(items):
    found = []
    for x in items:
        if x is None:
            found.append("none")
        elif x is not None and x:
            found.append("truthy")
        else:
            found.append("falsy")
    return found


def unbound_none_test(flag):
    if flag:
        y = 1
    try:
        if y is None:
            return "none"
        return "set"
    except UnboundLocalError as e:
        return "unbound: " + str(e)


class Base:
    def greet(self, who):
        return f"base greets {who}"

    @staticmethod
    def helper(x):
        return x * 2

    @classmethod
    def make(cls):
        return cls.__name__

    @property
    def prop(self):
        return "base prop"


class Mid(Base):
    def greet(self, who):
        return "mid/" + super().greet(who)


class Leaf(Mid):
    def greet(self, who):
        return "leaf/" + super().greet(who=who)

    def calls(self):
        return [super().helper(21), super().make(), super().prop, super().__class__.__name__]

    def missing(self):
        try:
            return super().nothing()
        except AttributeError as e:
            return "AttributeError: " + str(e)


def super_calls():
    leaf = Leaf()
    print(leaf.greet("you"))
    print(leaf.calls())
    print(leaf.missing())
    # A method added to a base later is found.
    Base.extra = lambda self: "extra from base"
    class Late(Base):
        def extra(self):
            return "late+" + super().extra()
    print(Late().extra())


def rebound_super():
    global super
    real = super
    class Fake:
        def __init__(self, *args):
            self.args = args
        def greet(self, who):
            return "fake greets " + who
    super = Fake
    try:
        print(Leaf().greet("x"))
    finally:
        super = real
    print(Leaf().greet("y"))


truth_table()
equality()
hashing()
strings()
print(none_tests([None, 0, 5, "", "a"]))
print(unbound_none_test(True), unbound_none_test(False))
super_calls()
rebound_super()
