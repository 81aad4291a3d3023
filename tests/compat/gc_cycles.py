# The cycle collector: what reference counting alone cannot free (a list
# that contains itself, objects pointing at each other, recursive
# closures, bound methods stored on their instance, class cycles) is freed
# by gc.collect(); what is still reachable stays; the gc module's knobs.
import gc, weakref

class Node:
    def __init__(self, name):
        self.name = name
        self.peer = None

gc.collect()
# a list containing itself
l = []
l.append(l)
r = weakref.ref(Node("probe"))  # dead at once
del l
print("self list", gc.collect() >= 1)

# two instances pointing at each other, watched by a weakref
a = Node("a"); b = Node("b")
a.peer = b; b.peer = a
wa = weakref.ref(a)
del a, b
print("alive before", wa() is not None)
n = gc.collect()
print("alive after", wa() is not None, n >= 2)

# a recursive closure
def outer():
    def inner(k):
        return 0 if k == 0 else inner(k - 1)
    return inner
f = outer()
wf = weakref.ref(f)
del f
gc.collect()
print("closure freed", wf() is None)

# a bound method stored on its instance
class Btn:
    def click(self):
        return 1
bt = Btn()
bt.handler = bt.click
wb = weakref.ref(bt)
del bt
gc.collect()
print("bound method freed", wb() is None)

# reachable things survive
keep = Node("keep"); keep.peer = keep
wk = weakref.ref(keep)
gc.collect()
print("kept", wk() is keep, keep.peer is keep)

# a suspended generator in a cycle runs its finally
log = []
class Holder:
    pass
def worker(h):
    try:
        yield 1
        yield 2
    finally:
        log.append("finally")
h = Holder()
h.gen = worker(h)
next(h.gen)
del h
gc.collect()
for _ in range(3):
    pass
print("generator finally", log)

print(gc.isenabled(), gc.get_threshold())
gc.disable(); print(gc.isenabled()); gc.enable()
gc.set_threshold(500, 5, 5); print(gc.get_threshold()); gc.set_threshold(700, 10, 10)
print(len(gc.get_count()), type(gc.get_stats()[0]["collections"]))
print(gc.is_tracked([]), gc.is_tracked(1), gc.is_tracked("s"), gc.is_tracked((1, 2)), gc.is_tracked(([],)))
print(gc.garbage)
# class cycles
def make():
    class C:
        pass
    C.me = C
    return weakref.ref(C)
wc = make()
gc.collect()
print("class freed", wc() is None)

# cycles through subclasses of builtin types
class D(dict): pass
class L(list): pass
d = D(); d["me"] = d
sl = L(); sl.append(sl)
wd, wl = weakref.ref(d), weakref.ref(sl)
del d, sl
gc.collect()
print("subclass cycles freed", wd() is None, wl() is None)
