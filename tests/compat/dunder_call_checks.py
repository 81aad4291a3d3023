# The dunders of builtin types called as methods check their arguments
# as CPython's slot wrappers do ("wrapper __add__() takes no keyword
# arguments", "expected 1 argument, got 0"), or as the ordinary methods
# some of them are in CPython (list.__getitem__, dict.__contains__,
# __format__). object.__init__ and object.__init_subclass__ refuse the
# arguments nobody else could have been meant to take.


def attempt(label, op):
    try:
        r = op()
        print(label, "->", repr(r))
    except TypeError as e:
        print(label, "TypeError:", e)


attempt("(1).__add__(other=2)", lambda: (1).__add__(other=2))
attempt("(1).__add__()", lambda: (1).__add__())
attempt("(1).__add__(1, 2)", lambda: (1).__add__(1, 2))
attempt("(1.0).__add__(other=2)", lambda: (1.0).__add__(other=2))
attempt("'a'.__add__(x='b')", lambda: "a".__add__(x="b"))
attempt("'a'.__add__()", lambda: "a".__add__())
attempt("int.__add__()", lambda: int.__add__())
attempt("int.__add__(1)", lambda: int.__add__(1))
attempt("[].__len__(x=1)", lambda: [].__len__(x=1))
attempt("[].__len__(1)", lambda: [].__len__(1))
attempt("(1,).__len__(x=1)", lambda: (1,).__len__(x=1))
for v in ({}, {1}, "a", b"a", (1,), frozenset()):
    attempt(type(v).__name__ + ".__len__(1)", lambda: v.__len__(1))
attempt("[1].__getitem__()", lambda: [1].__getitem__())
attempt("[1].__getitem__(0, 1)", lambda: [1].__getitem__(0, 1))
attempt("[1].__getitem__(i=0)", lambda: [1].__getitem__(i=0))
attempt("list.__getitem__()", lambda: list.__getitem__())
attempt("(1,).__getitem__(0, 1)", lambda: (1,).__getitem__(0, 1))
attempt("{}.__getitem__()", lambda: {}.__getitem__())
attempt("{}.__setitem__(1)", lambda: {}.__setitem__(1))
attempt("{}.__setitem__(1, 2, 3)", lambda: {}.__setitem__(1, 2, 3))
attempt("{}.__setitem__(x=1)", lambda: {}.__setitem__(x=1))
attempt("{}.__contains__()", lambda: {}.__contains__())
attempt("{1}.__contains__(1, 2)", lambda: {1}.__contains__(1, 2))
attempt("frozenset().__contains__(1, 2)", lambda: frozenset().__contains__(1, 2))
attempt("[].__delitem__()", lambda: [].__delitem__())
attempt("[].__reversed__(1)", lambda: [].__reversed__(1))
attempt("[].__reversed__(x=1)", lambda: [].__reversed__(x=1))
attempt("[].__iter__(1)", lambda: [].__iter__(1))
attempt("[].__mul__(x=2)", lambda: [].__mul__(x=2))
attempt("[].__iadd__()", lambda: [].__iadd__())
attempt("(1).__neg__(1)", lambda: (1).__neg__(1))
attempt("(1).__repr__(1)", lambda: (1).__repr__(1))
attempt("(1).__hash__(1)", lambda: (1).__hash__(1))
attempt("(1).__eq__()", lambda: (1).__eq__())
attempt("(1).__lt__(1, 2)", lambda: (1).__lt__(1, 2))
attempt("(1).__bool__(x=1)", lambda: (1).__bool__(x=1))
attempt("(1).__index__(1)", lambda: (1).__index__(1))
attempt("(1).__int__(1)", lambda: (1).__int__(1))
attempt("(1).__float__(1)", lambda: (1).__float__(1))
attempt("(1).__pow__()", lambda: (1).__pow__())
attempt("(1).__pow__(1, 2, 3)", lambda: (1).__pow__(1, 2, 3))
attempt("(1).__pow__(2, x=1)", lambda: (1).__pow__(2, x=1))
attempt("(2).__pow__(3, 5)", lambda: (2).__pow__(3, 5))
attempt("(1).__format__()", lambda: (1).__format__())
attempt("int.__format__(1, 'd', x=1)", lambda: int.__format__(1, "d", x=1))
attempt("(5).__format__('03')", lambda: (5).__format__("03"))
attempt("object().__repr__(1)", lambda: object().__repr__(1))
attempt("object().__str__(1)", lambda: object().__str__(1))
attempt("object().__eq__()", lambda: object().__eq__())
attempt("object().__ne__(1, 2)", lambda: object().__ne__(1, 2))
attempt("object().__hash__(1)", lambda: object().__hash__(1))
attempt("object().__setattr__('a')", lambda: object().__setattr__("a"))
attempt("object().__getattribute__()", lambda: object().__getattribute__())
attempt("object().__delattr__()", lambda: object().__delattr__())
attempt("object().__format__()", lambda: object().__format__())
attempt("object.__format__(1, 'd', x=1)", lambda: object.__format__(1, "d", x=1))
attempt("(3).__add__(4)", lambda: (3).__add__(4))
attempt("[1, 2].__getitem__(1)", lambda: [1, 2].__getitem__(1))


# object.__init__: extra arguments are refused when the class overrides
# __init__ (they reached object through super()) or overrides neither
# __init__ nor __new__.
class A:
    pass


class B:
    def __init__(self, *a, **k):
        super().__init__(*a, **k)


class C:
    def __new__(cls, *a):
        return super().__new__(cls)


attempt("object.__init__(object())", lambda: object.__init__(object()))
attempt("object.__init__(object(), 1)", lambda: object.__init__(object(), 1))
attempt("object.__init__(object(), x=1)", lambda: object.__init__(object(), x=1))
attempt("object.__init__()", lambda: object.__init__())
attempt("object().__init__(1)", lambda: object().__init__(1))
attempt("A.__init__(A(), 1)", lambda: A.__init__(A(), 1))
attempt("A(1)", lambda: A(1))
attempt("B(1)", lambda: B(1))
attempt("B(k=1)", lambda: type(B()).__name__)
attempt("B(k=1)", lambda: B(k=1))
attempt("C(1)", lambda: type(C(1)).__name__)
attempt("C.__init__(C(), 1)", lambda: C.__init__(C(), 1))
attempt("object.__init__(1, x=1)", lambda: object.__init__(1, x=1))
attempt("int.__init__(1, 2)", lambda: int.__init__(1, 2))
attempt("[].__init__(x=1)", lambda: [].__init__(x=1))


# object.__init_subclass__ takes nothing.
def make(**kw):
    class K(**kw):
        pass
    return K.__name__


class P:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)


def make_p(**kw):
    class Q(P, **kw):
        pass
    return Q.__name__


attempt("class K(x=1)", lambda: make(x=1))
attempt("class K()", lambda: make())
attempt("class Q(P, y=2)", lambda: make_p(y=2))
attempt("class Q(P)", lambda: make_p())
attempt("object.__init_subclass__(1)", lambda: object.__init_subclass__(1))
attempt("object.__init_subclass__(x=1)", lambda: object.__init_subclass__(x=1))
attempt("object().__init_subclass__(1)", lambda: object().__init_subclass__(1))
attempt("object.__init_subclass__()", lambda: object.__init_subclass__())


# A metaclass's super().__init__ reaches type.__init__, not object's.
class Meta(type):
    def __init__(cls, *a, **k):
        super().__init__(*a, **k)


class WithMeta(metaclass=Meta):
    pass


print(WithMeta.__name__)
attempt("type.__init__(Meta, 1)", lambda: type.__init__(Meta, 1))
attempt("type.__init__(Meta, 'a', (), {})", lambda: type.__init__(Meta, "a", (), {}))
attempt("type.__init__(Meta, 1, 2)", lambda: type.__init__(Meta, 1, 2))
attempt("type.__init__(Meta, 1, x=2)", lambda: type.__init__(Meta, 1, x=2))
