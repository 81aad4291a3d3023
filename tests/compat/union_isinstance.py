# `X | Y` between classes (PEP 604) and unions with isinstance and
# issubclass: a small settings validator written the modern way.
from typing import Optional, Union, List

Number = int | float
MaybeStr = str | None

SCHEMA = {
    "port": int,
    "ratio": Number,
    "name": MaybeStr,
    "tags": list | tuple,
    "retries": Optional[int],
    "mode": Union[str, bytes],
}


def validate(settings):
    errors = []
    for key, expected in SCHEMA.items():
        value = settings.get(key)
        if not isinstance(value, expected):
            errors.append("%s: expected %s, got %s" % (key, expected, type(value).__name__))
    return errors


print(validate({"port": 80, "ratio": 0.5, "name": "web", "tags": ["a"], "retries": 3, "mode": "fast"}))
print(validate({"port": "80", "ratio": 1, "tags": {"x"}, "retries": None, "mode": 7}))

print(Number, MaybeStr, type(Number).__name__, Number.__args__, repr(int | None | str))
print(int | int, (int | str) == (str | int), Union[int, str] == int | str, hash(int | str) == hash(str | int))
print(issubclass(bool, Number), issubclass(str, Number), issubclass(type(None), MaybeStr))
print(isinstance(True, (str, Number)), isinstance(b"x", (Number, MaybeStr)))
print(Optional[int] | str, int | List[int])


def parse(text: str) -> int | float | None:
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return None


print([parse(t) for t in ("3", "2.5", "x")], [isinstance(parse(t), Number) for t in ("3", "x")])


class Shape:
    pass


class Circle(Shape):
    pass


class Square(Shape):
    pass


Round = Circle | None
print(Round, isinstance(Circle(), Round), isinstance(Square(), Round), issubclass(Circle, Circle | Square))
for bad in (lambda: None | None, lambda: int | "str", lambda: isinstance(1, 2)):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
