# A builtin type's `__new__` called directly checks its class argument as
# CPython's does: the class must derive from the type, and the nearest
# builtin `__new__` the class really uses must be that one ("not safe").


def attempt(label, make):
    try:
        r = make()
        print(label, "->", type(r).__name__, repr(r))
    except TypeError as e:
        print(label, "TypeError:", e)


class MyInt(int):
    pass


class MyTuple(tuple):
    def __new__(cls, *items):
        return super().__new__(cls, items)


class Plain:
    pass


class Singleton:
    _it = None

    def __new__(cls):
        if cls._it is None:
            cls._it = object.__new__(cls)
        return cls._it


class MyError(Exception):
    pass


attempt("tuple.__new__(list)", lambda: tuple.__new__(list))
attempt("dict.__new__(int)", lambda: dict.__new__(int))
attempt("int.__new__(str)", lambda: int.__new__(str))
attempt("float.__new__(int)", lambda: float.__new__(int))
attempt("list.__new__(dict)", lambda: list.__new__(dict))
attempt("set.__new__(frozenset)", lambda: set.__new__(frozenset))
attempt("frozenset.__new__(set)", lambda: frozenset.__new__(set))
attempt("str.__new__(bytes)", lambda: str.__new__(bytes))
attempt("bytes.__new__(str)", lambda: bytes.__new__(str))
attempt("complex.__new__(float)", lambda: complex.__new__(float))
attempt("int.__new__(bool)", lambda: int.__new__(bool))
attempt("tuple.__new__(MyInt)", lambda: tuple.__new__(MyInt))
attempt("object.__new__(int)", lambda: object.__new__(int))
attempt("object.__new__(list)", lambda: object.__new__(list))
attempt("object.__new__(str)", lambda: object.__new__(str))
attempt("object.__new__(dict)", lambda: object.__new__(dict))
attempt("object.__new__(MyInt)", lambda: object.__new__(MyInt))
attempt("object.__new__(MyError)", lambda: object.__new__(MyError))
attempt("object.__new__(1)", lambda: object.__new__(1))

# What stays allowed.
attempt("tuple.__new__(tuple, 'ab')", lambda: tuple.__new__(tuple, "ab"))
attempt("int.__new__(int, '5')", lambda: int.__new__(int, "5"))
attempt("int.__new__(MyInt, 7)", lambda: int.__new__(MyInt, 7))
attempt("str.__new__(str, 5)", lambda: str.__new__(str, 5))
attempt("MyTuple(1, 2)", lambda: MyTuple(1, 2))
print(type(object.__new__(Plain)).__name__)
print(type(object.__new__(object)).__name__)
print(Singleton() is Singleton())


class Detailed(Exception):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code


attempt("BaseException.__new__(int)", lambda: BaseException.__new__(int))
attempt("BaseException.__new__(1)", lambda: BaseException.__new__(1))
attempt("BaseException.__new__(MyError, 1)", lambda: BaseException.__new__(MyError, 1))
try:
    raise Detailed(7)
except Detailed as e:
    print(e, e.code, e.args)
