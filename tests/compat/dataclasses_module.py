# dataclasses: defaults, default_factory, __post_init__, order, frozen,
# eq=False, unsafe_hash, inheritance, asdict/astuple/replace/fields.
from dataclasses import dataclass, field, asdict, astuple, replace, fields, FrozenInstanceError, is_dataclass
from typing import List, ClassVar
@dataclass
class Point:
    x: float
    y: float = 0.0
p = Point(1.5)
print(p, p == Point(1.5, 0.0), p != Point(2, 0), Point(y=2, x=1))
@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
    patch: int = 0
vs = sorted([Version(1, 2), Version(1, 0, 5), Version(0, 9)])
print(vs, Version(1) < Version(1, 1), hash(Version(1)) == hash(Version(1)))
try:
    vs[0].major = 3
except FrozenInstanceError as e:
    print("FrozenInstanceError:", e)
@dataclass
class Inventory:
    name: str
    items: List[str] = field(default_factory=list)
    count: int = field(default=0, repr=False)
    kind: ClassVar[str] = "inv"
    def __post_init__(self):
        self.count = len(self.items)
a = Inventory("a"); b = Inventory("b", ["x", "y"])
a.items.append("z")
print(a, b, b.count, a.items is not b.items, Inventory.kind)
print(asdict(b), astuple(b), [f.name for f in fields(Inventory)])
c = replace(b, name="c")
print(c, c.items is b.items)
@dataclass
class Line:
    start: Point
    end: Point
l = Line(Point(0, 0), Point(3, 4))
print(asdict(l), is_dataclass(l), is_dataclass(Line), is_dataclass(3))
@dataclass(eq=False)
class Ident:
    v: int
print(Ident(1) == Ident(1))
@dataclass
class Base:
    a: int
    b: int = 2
@dataclass
class Derived(Base):
    c: int = 3
print(Derived(1), Derived(1, 5, 6))
try:
    Point()
except TypeError as e:
    print("TypeError:", e)
try:
    @dataclass
    class Bad:
        xs: list = []
except ValueError as e:
    print("ValueError:", e)
@dataclass(unsafe_hash=True)
class H:
    k: int
print(len({H(1), H(1), H(2)}))
print(Point.__init__.__qualname__ if hasattr(Point.__init__, '__qualname__') else '')
