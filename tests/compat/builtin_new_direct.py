# A builtin type's `__new__` called directly, as opposed to calling the
# type: the class argument must be a type, and the mutable types' `__new__`
# makes an empty value whatever the other arguments (they are
# `__init__`'s). Subclasses of set and frozenset name themselves in the
# arity message, as CPython's do.


def attempt(label, make):
    try:
        r = make()
        print(label, "->", type(r).__name__, repr(r))
    except TypeError as e:
        print(label, "TypeError:", e)


class S(list):
    pass


class U(set):
    pass


class F(frozenset):
    pass


class D(dict):
    pass


class T(tuple):
    pass


# The class argument is missing or not a type.
attempt("tuple.__new__(1)", lambda: tuple.__new__(1))
attempt("tuple.__new__()", lambda: tuple.__new__())
for t in (list, set, frozenset, dict, int, float, str, bytes, complex, range, slice):
    attempt(t.__name__ + ".__new__(1)", lambda: t.__new__(1))
    attempt(t.__name__ + ".__new__()", lambda: t.__new__())
attempt("list.__new__(S())", lambda: list.__new__(S()))
attempt("set.__new__(U())", lambda: set.__new__(U()))

# The immutable types build the value from the arguments.
attempt("tuple.__new__(tuple, 1)", lambda: tuple.__new__(tuple, 1))
attempt("tuple.__new__(tuple, [1, 2])", lambda: tuple.__new__(tuple, [1, 2]))
attempt("frozenset.__new__(frozenset, 5)", lambda: frozenset.__new__(frozenset, 5))
attempt("frozenset.__new__(frozenset, [1])", lambda: frozenset.__new__(frozenset, [1]))
attempt("int.__new__(int, '5')", lambda: int.__new__(int, "5"))
attempt("str.__new__(str, 5)", lambda: str.__new__(str, 5))

# The mutable ones leave the arguments to `__init__`.
attempt("list.__new__(list, 5)", lambda: list.__new__(list, 5))
attempt("list.__new__(list, 5, 6, x=7)", lambda: list.__new__(list, 5, 6, x=7))
attempt("set.__new__(set, 5)", lambda: set.__new__(set, 5))
attempt("dict.__new__(dict, 5)", lambda: dict.__new__(dict, 5))
attempt("dict.__new__(dict, a=1)", lambda: dict.__new__(dict, a=1))
attempt("list.__new__(S, 5)", lambda: list.__new__(S, 5))
attempt("set.__new__(U, 1, 2)", lambda: set.__new__(U, 1, 2))
attempt("dict.__new__(D, 5)", lambda: dict.__new__(D, 5))
# ... while calling the type still uses them all.
attempt("list('ab')", lambda: list("ab"))
attempt("dict(a=1)", lambda: dict(a=1))
attempt("dict([(1, 2)], a=1)", lambda: dict([(1, 2)], a=1))
attempt("set('aa')", lambda: set("aa"))
attempt("list(5)", lambda: list(5))

# Arity and keyword messages of the constructors, for the type and for a
# subclass.
for cls in (list, S, tuple, T, set, U, frozenset, F, dict, D):
    attempt(cls.__name__ + "(1, 2)", lambda: cls(1, 2))
    attempt(cls.__name__ + "(x=1)", lambda: cls(x=1))
    attempt(cls.__name__ + "(1)", lambda: cls(1))
attempt("set.__init__(set(), 1, 2)", lambda: set.__init__(set(), 1, 2))
attempt("set.__init__(U(), 1, 2)", lambda: set.__init__(U(), 1, 2))
attempt("U('ab')", lambda: sorted(U("ab")))
attempt("F('ab')", lambda: sorted(F("ab")))

# A set's subclass names itself in its repr and str, unless it overrides
# `__repr__`.


class R(set):
    def __repr__(self):
        return "R!"


print(repr(U([1])), str(U([2])), f"{U()}", repr(F([3])), str(F()), [U(), F([5])])
print(repr(R([1])), str(R()), repr(set([1])), str(frozenset([2])))
