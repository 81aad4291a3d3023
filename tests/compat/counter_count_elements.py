"""Counter counting through collections._count_elements: plain dicts,
Counter subclasses that override __setitem__, mappings with their own
get, unhashable elements, non-iterables, counts past 2**63."""
from collections import Counter, OrderedDict
c = Counter("abracadabra")
print(c, c.most_common(2), c.most_common())
c.update("aab")
c.update({"z": 3})
c.update(["a"], b=2)
print(sorted(c.items()))
class MyC(Counter):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 10)
m = MyC("aab")
print(sorted(m.items()))
class G(dict):
    def get(self, k, d=None):
        return 100
import collections
g = G()
collections._count_elements(g, "xyx")
print(g)
d = {}
collections._count_elements(d, [1, 2, 1, 1.0, True])
print(d)
try:
    Counter([[1]])
except TypeError as e:
    print("TypeError", e)
try:
    collections._count_elements({}, 5)
except TypeError as e:
    print("TypeError", e)
e = Counter(a=2**63 - 1)
e.update("a")
print(e)
