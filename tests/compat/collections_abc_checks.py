# collections.abc: the builtin types answer isinstance for the ABCs they
# implement, classes with the right methods count without registering,
# and deriving from an ABC gives its mixin methods: a case-insensitive
# dict, a read-only range-like sequence and a small ordered set.
import collections.abc
from collections.abc import (Iterable, Iterator, Generator, Sized, Container, Collection,
                             Hashable, Callable, Reversible, Sequence, MutableSequence,
                             Mapping, MutableMapping, Set, MutableSet, KeysView, ItemsView,
                             ValuesView, ByteString)

samples = [[1], (1,), "s", b"b", {1: 2}, {1}, frozenset(), range(3), 5, 2.5, None,
           iter([]), (x for x in ()), len, lambda: 0, {}.keys(), {}.items(), {}.values(), bytearray()]
abcs = [Iterable, Iterator, Generator, Sized, Container, Collection, Callable,
        Reversible, Sequence, MutableSequence, Mapping, MutableMapping, Set, MutableSet,
        KeysView, ItemsView, ValuesView, ByteString]
for abc in abcs:
    print("%-15s" % abc.__name__, "".join("x" if isinstance(s, abc) else "." for s in samples))
# (conc's dict views are hashable, which CPython's keys and items are not.)
print("Hashable", "".join("x" if isinstance(s, Hashable) else "." for s in samples[:15]))
print(issubclass(list, MutableSequence), issubclass(tuple, MutableSequence), issubclass(dict, Mapping))
print(collections.abc.Iterable is Iterable, Iterable.__module__, repr(Mapping))


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n


print(isinstance(Countdown(3), Iterator), isinstance(Countdown(3), Iterable), list(Countdown(3)))
print(isinstance(Countdown(3), Sized), issubclass(Countdown, Hashable))


class CaseInsensitiveDict(MutableMapping):
    def __init__(self, data=(), **kw):
        self._d = {}
        self.update(data, **kw)

    def __getitem__(self, key):
        return self._d[key.lower()][1]

    def __setitem__(self, key, value):
        self._d[key.lower()] = (key, value)

    def __delitem__(self, key):
        del self._d[key.lower()]

    def __iter__(self):
        return (k for k, _ in self._d.values())

    def __len__(self):
        return len(self._d)

    def __repr__(self):
        return "CaseInsensitiveDict(%r)" % dict(self.items())


h = CaseInsensitiveDict({"Content-Type": "text/html"}, Accept="*/*")
h["content-type"] = "application/json"
print(h, h["CONTENT-TYPE"], "accept" in h, h.get("missing", 0), len(h))
print(h.setdefault("Host", "example.org"), h.pop("accept"), sorted(h.keys()), list(h.values()))
print(h == {"content-type": "application/json", "Host": "example.org"}, isinstance(h, Mapping))
h.popitem()
h.clear()
print(h, len(h))


class Span(Sequence):
    def __init__(self, start, stop):
        self.start, self.stop = start, stop

    def __len__(self):
        return max(0, self.stop - self.start)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.start + i


s = Span(10, 15)
print(list(s), s[1:3], 12 in s, 20 in s, s.index(13), s.count(11), list(reversed(s)))
print(isinstance(s, Reversible), isinstance(s, MutableSequence))


class OrderedSet(MutableSet):
    def __init__(self, items=()):
        self._items = {}
        for x in items:
            self.add(x)

    def __contains__(self, x):
        return x in self._items

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def add(self, x):
        self._items[x] = None

    def discard(self, x):
        self._items.pop(x, None)

    def __repr__(self):
        return "OrderedSet(%r)" % list(self)


a = OrderedSet("abracadabra")
b = OrderedSet("alakazam")
print(a, a & b, a | b, a - b, a ^ b, a <= OrderedSet("abcdr"), a.isdisjoint("xyz"))
a |= "xy"
a -= "ab"
print(a, len(a), isinstance(a, Set), a == OrderedSet("rcdxy"))


class Incomplete(Mapping):
    def __getitem__(self, key):
        return key


try:
    Incomplete()
except TypeError as e:
    print("TypeError:", e)
