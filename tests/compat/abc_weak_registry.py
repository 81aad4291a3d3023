# abc's registry and caches hold classes weakly, as CPython's WeakSets:
# a registered (and checked) class that is deleted is collected.
import abc
import gc
import weakref
from collections.abc import Sized


class Base(abc.ABC):
    pass


def make(name):
    return type(name, (), {"__len__": lambda self: 0})


Temp = make("Temp")
Base.register(Temp)
print(issubclass(Temp, Base), isinstance(Temp(), Base), isinstance(Temp(), Sized))
print(issubclass(int, Base), isinstance(3, Base))
r = weakref.ref(Temp)
del Temp
gc.collect()
print(r() is None, issubclass(int, Base))

# Many short-lived classes do not pile up in an ABC's caches.
refs = []
for i in range(50):
    C = make("C%d" % i)
    Base.register(C)
    isinstance(C(), Base)
    isinstance(C(), Sized)
    refs.append(weakref.ref(C))
del C
gc.collect()
print(sum(r() is not None for r in refs))

# A class kept alive stays registered.
Kept = make("Kept")
Base.register(Kept)
gc.collect()
print(issubclass(Kept, Base), isinstance(Kept(), Base), issubclass(Kept, Sized))

# weakref.WeakSet itself.
ws = weakref.WeakSet()
K1, K2 = make("K1"), make("K2")
ws.add(K1)
ws.add(K2)
ws.add(K1)
print(len(ws), K1 in ws, 3 in ws, sorted(c.__name__ for c in ws))
del K1
gc.collect()
print(len(ws), [c.__name__ for c in ws])
ws.discard(K2)
print(len(ws), K2 in ws)
try:
    ws.remove(K2)
except KeyError:
    print("KeyError")
