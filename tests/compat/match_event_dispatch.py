# An event dispatcher: events are tuples and small objects; handlers are
# chosen with or-patterns, guards, `as` bindings and value patterns.
from enum import Enum


class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3


class Key:
    ENTER = "enter"
    ESCAPE = "escape"


class Click:
    __match_args__ = ("x", "y", "button")

    def __init__(self, x, y, button="left"):
        self.x, self.y, self.button = x, y, button


stats = {}


def count(kind):
    stats[kind] = stats.get(kind, 0) + 1


def dispatch(event):
    match event:
        case ("key", Key.ENTER | Key.ESCAPE as key):
            count("special key")
            return f"special key {key}"
        case ("key", str(ch)) if len(ch) == 1 and ch.isalpha():
            count("letter")
            return f"letter {ch.upper() if ch.islower() else ch.lower()}"
        case ("key", ch):
            count("other key")
            return f"other key {ch!r}"
        case ("paint", Color.RED | Color.GREEN as c):
            return f"warm-ish paint {c.name}"
        case ("paint", Color() as c):
            return f"paint {c.name}"
        case Click(x, y, "right") if x < 0 or y < 0:
            return "right click off screen"
        case Click(0, 0) | Click(x=0, y=0):
            return "click at the origin"
        case Click(x, y, button=("left" | "middle") as b) as click:
            count("click")
            return f"{b} click at {x},{y} ({type(click).__name__})"
        case Click(button=b):
            return f"unhandled {b} click"
        case ("resize", int(w), int(h)) | ("resize", (int(w), int(h))):
            return f"resize to {w}x{h}"
        case ("scroll", 0) | ("scroll", 0.0):
            return "no scroll"
        case ("scroll", -1 | -2 | -3 as n):
            return f"scroll up {-n}"
        case ("scroll", n) if n > 0:
            return f"scroll down {n}"
        case ("complex", 1 + 2j):
            return "the complex literal"
        case ("complex", -1.5 - 0.5j):
            return "the negative complex literal"
        case ("flag", True):
            return "flag is True"
        case ("flag", 1):
            return "flag is one but not True"
        case ("flag", None):
            return "flag is None"
        case ("multi", *args) if not args:
            return "multi without args"
        case ("multi", first, *_, last) as whole:
            return f"multi {first}..{last} of {len(whole) - 1}"
        case ("text", "hello" "world"):
            return "concatenated literal"
        case ("bytes", b"\x00\x01"):
            return "bytes literal"
        case ("quit",) | "quit":
            return "quit"
        case other:
            count("unknown")
            return f"unknown event {other!r}"


events = [
    ("key", "enter"), ("key", "escape"), ("key", "a"), ("key", "Q"), ("key", "7"), ("key", 5),
    ("paint", Color.RED), ("paint", Color.BLUE), ("paint", "red"),
    Click(-1, 5, "right"), Click(0, 0), Click(0, 0, "middle"), Click(3, 4), Click(3, 4, "middle"), Click(9, 9, "right"),
    ("resize", 80, 24), ("resize", (100, 40)), ("resize", "big", 1),
    ("scroll", 0), ("scroll", 0.0), ("scroll", -2), ("scroll", 3), ("scroll", -9),
    ("complex", 1 + 2j), ("complex", complex(-1.5, -0.5)), ("complex", 1),
    ("flag", True), ("flag", 1), ("flag", None), ("flag", 1.0),
    ("multi",), ("multi", 1), ("multi", 1, 2, 3, 4),
    ("text", "helloworld"), ("bytes", b"\x00\x01"),
    ("quit",), "quit", ["quit"], 42,
]

for e in events:
    print(dispatch(e))

print(sorted(stats.items()))


# Names bound by a case stay bound after the match statement.
def last_binding(values):
    for v in values:
        match v:
            case [x, y] if x == y:
                pass
            case [x, *_]:
                pass
    return x


print(last_binding([[1, 2], [3, 3], [4]]))


# A match statement in a loop with break and continue, and one in a
# generator.
def firsts(rows):
    for row in rows:
        match row:
            case []:
                continue
            case ["stop", *_]:
                break
            case [head, *_]:
                yield head


print(list(firsts([[1], [], [2, 3], ["stop"], [4]])))


# The subject is evaluated once, and a walrus works in it.
calls = []


def source():
    calls.append(1)
    return [1, 2, 3]


match (data := source()):
    case [1, *rest]:
        print("starts with one, then", rest, "from", data)
print("subject evaluated", len(calls), "time(s)")

match 1, 2:
    case (a, b):
        print("tuple subject", a, b)

match *[1, 2], 3:
    case [*init, last]:
        print("starred subject", init, last)
