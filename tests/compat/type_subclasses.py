# type.__subclasses__(): the live direct subclasses, in the order they
# were made; the way plugin registries and class-tree printers use it.
import gc


class Plugin:
    pass


class CsvExport(Plugin):
    pass


class JsonExport(Plugin):
    pass


class PrettyJson(JsonExport):
    pass


class Mixin:
    pass


class Both(Mixin, JsonExport):
    pass


def names(classes):
    return [c.__name__ for c in classes]


print(names(Plugin.__subclasses__()), names(JsonExport.__subclasses__()))
print(names(Mixin.__subclasses__()), names(PrettyJson.__subclasses__()))
print(names(type.__subclasses__(Plugin)), type(Plugin.__subclasses__()).__name__)


def tree(cls, depth=0):
    print("  " * depth + cls.__name__)
    for sub in cls.__subclasses__():
        tree(sub, depth + 1)


tree(Plugin)


def all_subclasses(cls):
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(all_subclasses(sub))
    return out


print(names(all_subclasses(Plugin)))

# Classes made with type() count; dropped classes go.
Temp = type("Temp", (Plugin,), {})
print(names(Plugin.__subclasses__()))
del Temp
gc.collect()
print(names(Plugin.__subclasses__()))


def make_many():
    for i in range(40):
        type("Gone%d" % i, (Mixin,), {})


make_many()
gc.collect()
print(names(Mixin.__subclasses__()))
# The list is a copy: changing it changes nothing.
subs = Plugin.__subclasses__()
subs.clear()
print(len(Plugin.__subclasses__()))
print(Plugin in object.__subclasses__(), int in object.__subclasses__() or True)
