"""An LRU cache built on OrderedDict and another on a plain dict, compared on a trace."""
from collections import OrderedDict


class LRU:
    def __init__(self, capacity):
        self.capacity = capacity
        self.data = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key):
        if key in self.data:
            self.data.move_to_end(key)
            self.hits += 1
            return self.data[key]
        self.misses += 1
        return None

    def put(self, key, value):
        if key in self.data:
            self.data.move_to_end(key)
        self.data[key] = value
        if len(self.data) > self.capacity:
            evicted = next(iter(self.data))
            del self.data[evicted]
            return evicted
        return None


class DictLRU:
    """Relies on dicts keeping insertion order."""

    def __init__(self, capacity):
        self.capacity = capacity
        self.data = {}

    def get(self, key):
        if key not in self.data:
            return None
        value = self.data.pop(key)
        self.data[key] = value
        return value

    def put(self, key, value):
        self.data.pop(key, None)
        self.data[key] = value
        if len(self.data) > self.capacity:
            oldest = next(iter(self.data))
            del self.data[oldest]
            return oldest
        return None


trace = [1, 2, 3, 1, 4, 5, 2, 1, 6, 1, 3, 7, 1, 2, 8, 9, 1]
a, b = LRU(3), DictLRU(3)
for key in trace:
    ra, rb = a.get(key), b.get(key)
    assert ra == rb
    if ra is None:
        ea = a.put(key, key * key)
        eb = b.put(key, key * key)
        assert ea == eb
        print(f"miss {key}: cache={list(a.data)} evicted={ea}")
    else:
        print(f"hit  {key}: value={ra} cache={list(a.data)}")
print(f"hits={a.hits} misses={a.misses} ratio={a.hits / (a.hits + a.misses):.3f}")
print(list(b.data.items()))
