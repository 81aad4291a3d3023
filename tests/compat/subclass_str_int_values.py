# Subclasses of the immutable builtins: a str with extra methods, an
# escaped-markup str, an enum-like int flag, a float with units, a tuple
# point and a set of tags. Arithmetic and methods inherited from the
# builtin type return plain builtin values, as in CPython.
import json
import math


class Slug(str):
    """A URL-safe name made from a title."""

    def __new__(cls, title):
        words = "".join(c if c.isalnum() else " " for c in title.lower()).split()
        return super().__new__(cls, "-".join(words))

    def words(self):
        return self.split("-")

    def with_suffix(self, n):
        return Slug(f"{self} {n}")


s = Slug("Hello, World: Part 2!")
print(s, repr(s), len(s), s.words(), s.with_suffix(3), type(s.with_suffix(3)).__name__)
print(s.upper(), type(s.upper()).__name__, s[0], s[:5], type(s[:5]).__name__, s + "!", type(s + "!").__name__)
print(s == "hello-world-part-2", s.startswith("hello"), "world" in s, s.count("-"), s.replace("-", "_"))
print({s: 1}["hello-world-part-2"], hash(s) == hash(str(s)), sorted([Slug("b"), Slug("a")]), f"<{s}>", "%s" % s)
print(json.dumps({s: [s]}), "/".join([s, Slug("x y")]), str(s) is not s, type(str(s)).__name__, int(Slug("42")))


class Markup(str):
    """Text already safe for HTML: plain strs joined to it are escaped."""

    @staticmethod
    def escape(text):
        if isinstance(text, Markup):
            return text
        return Markup(str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))

    def __add__(self, other):
        return Markup(str.__add__(self, Markup.escape(other)))

    def __radd__(self, other):
        return Markup.escape(other).__add__(self)

    def join(self, items):
        return Markup(str.join(self, [Markup.escape(i) for i in items]))

    def __repr__(self):
        return f"Markup({str.__repr__(self)})"


page = Markup("<b>") + "Tom & Jerry" + Markup("</b>")
print(page, repr(page), type(page).__name__)
print(Markup("<br>").join(["a<b", Markup("<i>c</i>")]), "x<" + Markup("<p>"))


class Perm(int):
    """Enum-like permission bits with readable names."""

    NAMES = {4: "r", 2: "w", 1: "x"}

    def __new__(cls, value=0):
        if not 0 <= value <= 7:
            raise ValueError(f"invalid permission {value}")
        return super().__new__(cls, value)

    def __or__(self, other):
        return Perm(int(self) | int(other))

    def __contains__(self, other):
        return int(self) & int(other) == int(other)

    def __repr__(self):
        return "Perm(" + ("".join(n for bit, n in self.NAMES.items() if self & bit) or "-") + ")"

    def __str__(self):
        return "".join(n if self & bit else "-" for bit, n in self.NAMES.items())


R, W, X = Perm(4), Perm(2), Perm(1)
rw = R | W
print(rw, repr(rw), int(rw), rw == 6, R in rw, X in rw, type(rw).__name__, [R, W], Perm())
print(rw + 1, type(rw + 1).__name__, rw & 4, type(rw & 4).__name__, rw * 2, -rw, ~rw, rw // 4, rw % 4, 2 ** R)
print(f"{rw:03b}", f"{rw}", "%d" % rw, "%o" % rw, hex(rw), bin(R), math.factorial(X + 2), abs(-R), round(R))
print(sorted([W, X, R]), max(R, W), rw > W, [10, 20, 30, 40, 50, 60, 70][rw], list(range(X, R)), divmod(rw, 4))
print({R: "read"}[4], hash(R) == hash(4), json.dumps({"mode": rw}), json.dumps([R, W]), bool(Perm(0)), float(R))
try:
    Perm(9)
except ValueError as e:
    print("ValueError:", e)


class Celsius(float):
    def to_fahrenheit(self):
        return self * 9 / 5 + 32

    def __repr__(self):
        return f"{float(self):.1f}°C"


t = Celsius(21.5)
print(t, repr(t), t.to_fahrenheit(), type(t.to_fahrenheit()).__name__, t + 1, t > 20, round(t), f"{t:.2f}")
print(math.floor(t), math.sqrt(Celsius(16)), t.is_integer(), Celsius("3.25"), sum([t, Celsius(0.5)]), int(t))


class Point(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))

    @property
    def x(self):
        return self[0]

    @property
    def y(self):
        return self[1]

    def __add__(self, other):
        return Point(self.x + other[0], self.y + other[1])

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


p = Point(1, 2) + Point(3, 4)
print(p, p.x, p.y, len(p), list(p), p == (4, 6), {p: "here"}[(4, 6)], tuple(p), sorted([Point(2, 1), Point(1, 9)]))
x, y = p
print(x, y, p[::-1], type(p[::-1]).__name__, p.count(4), p.index(6), max(p), str(p), (1,) + p)


class Tags(set):
    def __str__(self):
        return ", ".join(sorted(self))


tags = Tags(["b", "a"])
tags.add("c")
tags |= {"d"}
print(tags, len(tags), "a" in tags, sorted(tags & {"a", "z"}), type(tags).__name__, isinstance(tags, set))
print(sorted(tags - {"a"}), type(tags - {"a"}).__name__, tags == {"a", "b", "c", "d"}, tags.issuperset({"a"}))


# Bases that cannot share one instance layout, and a builtin method used
# on a value of another builtin type.
for bases in [(int, str), (bool,), (dict, Exception), (Perm, float)]:
    try:
        type("Mixed", bases, {})
    except TypeError as e:
        print("TypeError:", e)
for call in [lambda: list.__len__(tags), lambda: str.upper(rw), lambda: int.__new__(Tags)]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
