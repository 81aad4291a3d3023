"""A cache of open resources that cleans up after itself: weakref
callbacks and finalizers run when the objects they watch die (in conc at
the next call or loop iteration after the death, so each check below
comes after one)."""
import weakref

events = []


class Resource:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f'Resource({self.name!r})'


class Registry:
    def __init__(self):
        self._refs = {}

    def add(self, res):
        name = res.name

        def forget(ref):
            events.append(f'forget {name}')
            del self._refs[name]

        self._refs[name] = weakref.ref(res, forget)

    def live(self):
        return sorted(self._refs)


reg = Registry()
a, b, c = Resource('a'), Resource('b'), Resource('c')
for r in (a, b, c):
    reg.add(r)
print(reg.live())
del b
print(reg.live(), events)

f = weakref.finalize(a, events.append, 'closed a')
print(f.alive, f.peek()[2:])
a = None
print(events)
print(f.alive)

# A callback sees its reference dead; a reference that dies first is never called.
seen = []
r = weakref.ref(c, lambda ref: seen.append(ref() is None))
dropped = weakref.ref(c, lambda ref: seen.append('never'))
del dropped
c = None
print(seen)

# Objects in a container die when it is cleared; each callback runs once.
items = [Resource(str(i)) for i in range(3)]
refs = [weakref.ref(x, lambda ref, i=i: events.append(f'item {i}')) for i, x in enumerate(items)]
items.clear()
print([ref() for ref in refs])
print(sorted(events[-3:]))

# finalize called by hand runs once; detach prevents the call.
d = Resource('d')
fin = weakref.finalize(d, events.append, 'finalized d')
fin()
fin()
e = Resource('e')
fe = weakref.finalize(e, events.append, 'never e')
print(fe.detach()[0], fe.alive)
del d, e
print(events[-1], len([x for x in events if 'finalized d' in x]))


def broken(ref):
    raise ValueError('callback failed')


g = Resource('g')
rg = weakref.ref(g, broken)
del g
print('after a failing callback')
