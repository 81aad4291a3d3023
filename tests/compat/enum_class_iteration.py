# An enum class is a container of its members, through its metaclass:
# iteration, len, reversed, lookup by name, membership, the class repr,
# Flag classes listing their single-bit members, and a menu built from
# a class the way programs use it.
import enum
from enum import Enum, IntEnum, Flag, IntFlag, StrEnum, auto


class Weekday(Enum):
    MONDAY = 1
    TUESDAY = 2
    WEDNESDAY = 3
    THURSDAY = 4
    FRIDAY = 5
    SATURDAY = 6
    SUNDAY = 7
    # An alias is not listed when iterating.
    MON = 1

    @property
    def is_weekend(self):
        return self in (Weekday.SATURDAY, Weekday.SUNDAY)


print(len(Weekday), list(Weekday)[:2], [d.name for d in reversed(Weekday)][:3])
for day in Weekday:
    if day.is_weekend:
        print("weekend:", day.name.title(), day.value)
print(Weekday["FRIDAY"], Weekday["MON"], Weekday.MON is Weekday.MONDAY)
print(Weekday.FRIDAY in Weekday, Weekday.MON in Weekday, bool(Weekday))
print(repr(Weekday), str(Weekday), type(Weekday).__name__, type(Weekday) is enum.EnumMeta)
print(isinstance(Weekday, enum.EnumType), isinstance(Weekday.MONDAY, Weekday))
print(sorted(Weekday, key=lambda d: -d.value)[0], max(Weekday, key=lambda d: d.value))
print(dict(zip(Weekday, range(3))))
print({d.name: d.value for d in Weekday if d.value % 3 == 0})
try:
    Weekday["FUNDAY"]
except KeyError as e:
    print("KeyError", e)
try:
    3 in Weekday
except TypeError as e:
    print("TypeError:", e)


class Planet(Enum):
    MERCURY = (3.303e23, 2.4397e6)
    EARTH = (5.976e24, 6.37814e6)
    JUPITER = (1.9e27, 7.1492e7)

    def __init__(self, mass, radius):
        super().__init__()
        self.mass = mass
        self.radius = radius

    @property
    def surface_gravity(self):
        return 6.673e-11 * self.mass / (self.radius * self.radius)


for p in Planet:
    print("%-8s %6.2f" % (p.name, p.surface_gravity))


class Status(IntEnum):
    ACTIVE = auto()
    SUSPENDED = auto()
    CLOSED = auto()


print(list(Status), sum(Status), sorted(Status, reverse=True)[0], Status["CLOSED"] + 1)
print([s for s in Status if s >= 2], len(Status), repr(Status))


class Perm(Flag):
    R = 4
    W = 2
    X = 1
    NONE = 0
    RWX = 7


print(list(Perm), len(Perm), repr(Perm), Perm["RWX"], Perm.RWX in Perm)
print([p.name for p in Perm.R | Perm.X], Perm.R in (Perm.R | Perm.W))


class Mode(IntFlag):
    READ = 1
    WRITE = 2
    APPEND = 4


print(list(Mode), len(Mode), repr(Mode), Mode["WRITE"] | Mode.READ)


class Color(StrEnum):
    RED = auto()
    GREEN = auto()


print(list(Color), ", ".join(Color), Color["GREEN"].upper())


class Empty(Enum):
    pass


print(len(Empty), list(Empty), bool(Empty), repr(Empty))
Animal = Enum("Animal", "ANT BEE CAT")
print(list(Animal), len(Animal), Animal["BEE"].value, repr(Animal))


def menu(options):
    return "\n".join("%d) %s" % (o.value, o.name.lower()) for o in options)


class Action(Enum):
    OPEN = 1
    SAVE = 2
    QUIT = 3


print(menu(Action))
choice = Action["SAVE"]
match choice:
    case Action.SAVE:
        print("saving", choice in Action)
    case _:
        print("other")


# The metaclass guards the members: no rebinding, no deleting; other class
# attributes come and go as usual. dir() lists what an enum class offers.
class Signal(Enum):
    STOP = "red"
    GO = "green"


for action in (lambda: setattr(Signal, "STOP", "blue"), lambda: delattr(Signal, "GO")):
    try:
        action()
    except AttributeError as e:
        print("AttributeError:", e)
Signal.timeout = 30
print(Signal.timeout, list(Signal))
del Signal.timeout
print(hasattr(Signal, "timeout"), Signal.STOP.value, dir(Signal))
