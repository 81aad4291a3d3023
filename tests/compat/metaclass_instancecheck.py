# isinstance and issubclass ask the metaclass of the class on the right:
# duck-typed "interfaces", tuples of classes mixing hooked and plain ones,
# the exact-type short cut, hooks reaching type's own check through
# super(), and class patterns in match statements.


class DuckMeta(type):
    calls = []

    def __instancecheck__(cls, obj):
        DuckMeta.calls.append(("instance", cls.__name__, type(obj).__name__))
        return all(callable(getattr(obj, m, None)) for m in cls.required)

    def __subclasscheck__(cls, sub):
        DuckMeta.calls.append(("subclass", cls.__name__, sub.__name__))
        return all(any(m in k.__dict__ for k in sub.__mro__) for m in cls.required)


class Quacker(metaclass=DuckMeta):
    required = ("quack",)

    def quack(self):
        return "Quack!"


class Duck:
    def quack(self):
        return "quack"


class Robot:
    def beep(self):
        return "beep"


print(isinstance(Duck(), Quacker), isinstance(Robot(), Quacker), isinstance(3, Quacker))
print(issubclass(Duck, Quacker), issubclass(Robot, Quacker), issubclass(bool, Quacker))
# The exact type needs no hook: Quacker() is a Quacker without a call.
DuckMeta.calls.clear()
print(isinstance(Quacker(), Quacker), DuckMeta.calls)
# Tuples: element by element, stopping at the first yes.
DuckMeta.calls.clear()
print(isinstance(Duck(), (int, Quacker, str)), DuckMeta.calls)
print(isinstance("s", (int, (Quacker, str))), isinstance(2.5, (int, (Quacker, str))))
print(issubclass(Duck, (int, Quacker)), issubclass(Robot, ((int,), Quacker)))
print(DuckMeta.calls[-1])


class Even(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, int) and obj % 2 == 0


class EvenNumber(metaclass=Even):
    pass


print([n for n in range(7) if isinstance(n, EvenNumber)])


def describe(x):
    match x:
        case EvenNumber():
            return "even"
        case int():
            return "odd"
        case Quacker():
            return "quacks"
        case _:
            return "other"


print([describe(v) for v in (4, 7, Duck(), Robot())])


# A hook that adds to the normal answer through super().
class Registry(type):
    extra = set()

    def __instancecheck__(cls, obj):
        return type(obj) in cls.extra or super().__instancecheck__(obj)

    def __subclasscheck__(cls, sub):
        return sub in cls.extra or super().__subclasscheck__(sub)


class Plugin(metaclass=Registry):
    pass


class Builtin(Plugin):
    pass


Registry.extra.add(dict)
print(isinstance({}, Plugin), isinstance([], Plugin), isinstance(Builtin(), Plugin))
print(issubclass(dict, Plugin), issubclass(Builtin, Plugin), issubclass(list, Plugin))
print(type.__instancecheck__(Plugin, {}), type.__subclasscheck__(Plugin, Builtin))


# The hook's result is made a bool; its errors propagate.
class Loud(type):
    def __instancecheck__(cls, obj):
        if obj is None:
            raise ValueError("no None here")
        return [obj]


class L(metaclass=Loud):
    pass


print(isinstance(0, L))
try:
    isinstance(None, L)
except ValueError as e:
    print("ValueError:", e)
for bad in ((1, int), ("int", str)):
    try:
        issubclass(*bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    isinstance(1, 2)
except TypeError as e:
    print("TypeError:", e)
