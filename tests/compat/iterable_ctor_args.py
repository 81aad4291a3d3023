# The constructors taking one iterable reject extra arguments and keyword
# arguments with CPython's messages, subclasses included.


def attempt(label, f):
    try:
        r = f()
        print(label, "->", r)
    except TypeError as e:
        print(label, "TypeError:", e)


attempt("set(1, 2)", lambda: set(1, 2))
attempt("list(1, 2)", lambda: list(1, 2))
attempt("tuple(1, 2)", lambda: tuple(1, 2))
attempt("dict(1, 2)", lambda: dict(1, 2))
attempt("frozenset(1, 2)", lambda: frozenset(1, 2))
attempt("set(1, 2, 3)", lambda: set(1, 2, 3))
attempt("dict(1, 2, 3)", lambda: dict(1, 2, 3))
attempt("list(x=1)", lambda: list(x=1))
attempt("list(iterable=[1])", lambda: list(iterable=[1]))
attempt("list([1], x=1)", lambda: list([1], x=1))
attempt("set(x=1)", lambda: set(x=1))
attempt("set([1], x=1)", lambda: set([1], x=1))
attempt("tuple(x=1)", lambda: tuple(x=1))
attempt("frozenset(x=1)", lambda: frozenset(x=1))
attempt("dict(x=1)", lambda: dict(x=1))
attempt("list('ab')", lambda: list("ab"))
attempt("tuple()", lambda: tuple())
attempt("sorted(set('ba'))", lambda: sorted(set("ba")))


class L(list):
    pass


class T(tuple):
    pass


class D(dict):
    pass


attempt("L(1, 2)", lambda: L(1, 2))
attempt("T(1, 2)", lambda: T(1, 2))
attempt("D(1, 2)", lambda: D(1, 2))
attempt("L(x=1)", lambda: L(x=1))
attempt("T(x=1)", lambda: T(x=1))
attempt("L('ab')", lambda: L("ab"))


class F(float):
    pass


attempt("float(1, 2)", lambda: float(1, 2))
attempt("float(x=1)", lambda: float(x=1))
attempt("float('1.5')", lambda: float("1.5"))
attempt("float()", lambda: float())
attempt("F(1, 2)", lambda: F(1, 2))
attempt("F(2)", lambda: F(2))
attempt("int(1, 2, 3)", lambda: int(1, 2, 3))
attempt("int(x=1)", lambda: int(x=1))
attempt("int('7', bas=8)", lambda: int("7", bas=8))
attempt("int('7', 8, base=8)", lambda: int("7", 8, base=8))
attempt("int('17', base=8)", lambda: int("17", base=8))
attempt("int('17', 8)", lambda: int("17", 8))
attempt("int(base=8)", lambda: int(base=8))
attempt("int(2.5)", lambda: int(2.5))
