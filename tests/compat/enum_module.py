# enum: members, lookup by value and name, aliases, auto, methods, IntEnum,
# Flag, tuple values with __init__, unique, the functional API.
from enum import Enum, IntEnum, auto, Flag, IntFlag, unique
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1
print(Color.RED, repr(Color.GREEN), Color.RED.name, Color.RED.value, Color(2), Color['BLUE'])
print(Color.CRIMSON is Color.RED, list(Color.__members__), [c.name for c in Color.__members__.values()])
print(Color.RED == Color.RED, Color.RED == 1, Color.RED != Color.BLUE, isinstance(Color.RED, Color), type(Color.RED).__name__)
try:
    Color(7)
except ValueError as e:
    print("ValueError:", e)
try:
    Color['PINK']
except KeyError as e:
    print("KeyError:", e)
class Shape(Enum):
    SQUARE = auto()
    CIRCLE = auto()
    def describe(self):
        return "%s=%d" % (self.name.lower(), self.value)
    @classmethod
    def default(cls):
        return cls.SQUARE
print(Shape.CIRCLE.value, Shape.SQUARE.describe(), Shape.default(), {Shape.SQUARE: "sq"}[Shape.SQUARE])
class Pri(IntEnum):
    LOW = 1
    HIGH = 3
print(Pri.HIGH > Pri.LOW, Pri.LOW + 1, Pri.HIGH == 3, int(Pri.HIGH), sorted([Pri.HIGH, Pri.LOW]), Pri(3))
print(str(Pri.LOW), repr(Pri.LOW), f"{Pri.HIGH}", [1, 2, 3, 4][Pri.HIGH])
class Perm(Flag):
    R = 4
    W = 2
    X = 1
rw = Perm.R | Perm.W
print(rw, repr(rw), Perm.R in rw, Perm.X in rw, bool(Perm.R & Perm.X), rw.value)
class Planet(Enum):
    MERCURY = (3.303e+23, 2.4397e6)
    EARTH = (5.976e+24, 6.37814e6)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
print(Planet.EARTH.mass, Planet.EARTH.value, Planet.MERCURY.radius)
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e:
    print("ValueError:", e)
try:
    Color.RED.value = 5
except AttributeError as e:
    print("AttributeError")
Animal = Enum("Animal", "ANT BEE CAT")
print(Animal.BEE, Animal.CAT.value, Animal(1))
print(Color.RED.__class__ is Color, hash(Color.RED) == hash(Color.RED))
