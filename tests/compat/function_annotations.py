# Functions carry __annotations__: the parameter and return annotations,
# evaluated when the def runs (after the defaults), in CPython 3.11's
# order, with private names mangled; a function without any gets an empty
# dict on first use, and the attribute can be replaced.
import functools


def note(label, value):
    print("evaluating", label)
    return value


def full(a: int, b: "str" = 1, *args: float, c: list = None, **kw: dict) -> bool:
    return True


print(full.__annotations__)
print(list(full.__annotations__))


def order(
    a: note("a", 1),
    /,
    b: note("b", 2) = note("default b", 0),
    *rest: note("rest", 3),
    k: note("k", 4) = note("default k", 0),
    **more: note("more", 5),
) -> note("return", 6):
    pass


print(order.__annotations__)


def plain(x, y=2):
    return x + y


print(plain.__annotations__, plain.__annotations__ is plain.__annotations__)
plain.__annotations__ = {"x": int}
print(plain.__annotations__, plain(1))
print(plain.__dict__)
print((lambda v: v).__annotations__)


def outer():
    T = tuple

    def inner(p: T) -> T:
        return p

    return inner


print(outer().__annotations__)


class Box:
    def put(self, __item: int, *, size: "Box") -> None:
        pass

    @staticmethod
    def make(n: int) -> "Box":
        return Box()


print(Box.put.__annotations__)
print(Box.make.__annotations__, Box().put.__annotations__ is Box.put.__annotations__)


def deco(f):
    @functools.wraps(f)
    def wrapper(*a, **k):
        return f(*a, **k)

    return wrapper


@deco
def wrapped(n: int) -> str:
    return str(n)


print(wrapped.__annotations__, wrapped(5))
