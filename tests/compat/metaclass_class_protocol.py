# Operations on a class go to its metaclass: iteration, len, subscripts
# (over __class_getitem__), membership, truth, reversed, missing
# attributes, attribute stores and deletes, dir(), operators, and the
# implicit class method __class_getitem__ on ordinary classes.


class Registry(type):
    """Classes that are registries of their string constants."""

    def _names(cls):
        return [k for k, v in vars(cls).items() if isinstance(v, str) and not k.startswith("_")]

    def __iter__(cls):
        return iter(cls._names())

    def __len__(cls):
        return len(cls._names())

    def __getitem__(cls, key):
        if key not in cls._names():
            raise KeyError(key)
        return getattr(cls, key)

    def __contains__(cls, key):
        return key in cls._names()

    def __reversed__(cls):
        return iter(cls._names()[::-1])

    def __bool__(cls):
        return len(cls) > 0

    def __getattr__(cls, name):
        if name.startswith("default_"):
            return "<default %s>" % name[8:]
        raise AttributeError("%s has no setting %r" % (cls.__name__, name))

    def __dir__(cls):
        return cls._names() + ["extra"]

    def __or__(cls, other):
        return type(cls)(cls.__name__ + "Or" + other.__name__, (), {**vars(other), **vars(cls)})

    def __setitem__(cls, key, value):
        setattr(cls, key, value)

    def __delitem__(cls, key):
        delattr(cls, key)

    def __call__(cls, key):
        return cls[key]


class Colors(metaclass=Registry):
    RED = "#f00"
    GREEN = "#0f0"
    BLUE = "#00f"

    def __class_getitem__(cls, key):
        return "class_getitem is not asked when the metaclass has __getitem__"


class Empty(metaclass=Registry):
    pass


print(list(Colors), len(Colors), Colors["GREEN"], Colors("BLUE"))
print("RED" in Colors, "PINK" in Colors, list(reversed(Colors)))
print(bool(Colors), bool(Empty), "yes" if Empty else "no", not Empty)
print(sorted(Colors), dict(zip(Colors, range(9))), [c.lower() for c in Colors])
a, *rest = Colors
print(a, rest, max(Colors), ",".join(Colors))
print(Colors.default_alpha, getattr(Colors, "default_beta"), hasattr(Colors, "nope"))
try:
    Colors.nope
except AttributeError as e:
    print("AttributeError:", e)
try:
    Colors["PINK"]
except KeyError as e:
    print("KeyError:", e)
print(dir(Colors))
Colors["PINK"] = "#fcc"
print(list(Colors), Colors.PINK)
del Colors["PINK"]
print(list(Colors))
Mixed = Colors | Empty
print(type(Mixed).__name__, Mixed.__name__, list(Mixed))


# __setattr__ / __delattr__ on the metaclass: a class whose constants are frozen.
class Frozen(type):
    def __setattr__(cls, name, value):
        if name.isupper():
            raise AttributeError("cannot rebind constant %s.%s" % (cls.__name__, name))
        super().__setattr__(name, value)

    def __delattr__(cls, name):
        if name.isupper():
            raise AttributeError("cannot delete constant %s.%s" % (cls.__name__, name))
        super().__delattr__(name)


class Config(metaclass=Frozen):
    HOST = "localhost"
    port = 80


for action in (lambda: setattr(Config, "HOST", "x"), lambda: delattr(Config, "HOST")):
    try:
        action()
    except AttributeError as e:
        print("AttributeError:", e)
try:
    Config.HOST = "example.org"
except AttributeError as e:
    print("AttributeError:", e)
Config.port = 8080
Config.debug = True
del Config.debug
print(Config.HOST, Config.port, hasattr(Config, "debug"))


# Subclasses inherit the metaclass and so the protocol.
class MoreColors(Colors):
    CYAN = "#0ff"


print(list(MoreColors), len(MoreColors), type(MoreColors).__name__)


# __class_getitem__ without a decorator is a class method.
class Box:
    def __class_getitem__(cls, item):
        return "%s[%s]" % (cls.__name__, getattr(item, "__name__", item))


class IntBox(Box):
    pass


print(Box[int], IntBox["x"], Box[int, str])


# Comparison and hashing of classes through the metaclass.
class Versioned(type):
    def __lt__(cls, other):
        return cls.version < other.version

    def __eq__(cls, other):
        return isinstance(other, Versioned) and cls.version == other.version

    def __hash__(cls):
        return hash(cls.version)


class V1(metaclass=Versioned):
    version = 1


class V2(metaclass=Versioned):
    version = 2


class V1b(metaclass=Versioned):
    version = 1


print(V1 < V2, V2 < V1, V1 == V1b, V1 == V2, len({V1, V1b, V2}))
print([c.__name__ for c in sorted([V2, V1, V1b])])
