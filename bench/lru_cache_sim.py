# Cache simulation: an LRU cache built on a dict plus a doubly linked list
# of nodes, the same on collections.OrderedDict, and an LFU variant, all
# replaying one skewed (Zipf-like) access trace and compared on hit rates.
import random
from collections import OrderedDict


class Node:
    __slots__ = ("key", "value", "prev", "next")

    def __init__(self, key=None, value=None):
        self.key = key
        self.value = value
        self.prev = None
        self.next = None


class LinkedLRU:
    def __init__(self, capacity):
        self.capacity = capacity
        self.map = {}
        self.head = Node()
        self.tail = Node()
        self.head.next = self.tail
        self.tail.prev = self.head
        self.hits = self.misses = self.evictions = 0

    def _unlink(self, node):
        node.prev.next = node.next
        node.next.prev = node.prev

    def _push_front(self, node):
        node.next = self.head.next
        node.prev = self.head
        self.head.next.prev = node
        self.head.next = node

    def get(self, key):
        node = self.map.get(key)
        if node is None:
            self.misses += 1
            return None
        self.hits += 1
        self._unlink(node)
        self._push_front(node)
        return node.value

    def put(self, key, value):
        node = self.map.get(key)
        if node is not None:
            node.value = value
            self._unlink(node)
            self._push_front(node)
            return
        if len(self.map) >= self.capacity:
            lru = self.tail.prev
            self._unlink(lru)
            del self.map[lru.key]
            self.evictions += 1
        node = Node(key, value)
        self.map[key] = node
        self._push_front(node)

    def keys(self):
        out, node = [], self.head.next
        while node is not self.tail:
            out.append(node.key)
            node = node.next
        return out


class OrderedLRU:
    def __init__(self, capacity):
        self.capacity = capacity
        self.data = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key):
        if key in self.data:
            self.hits += 1
            self.data.move_to_end(key)
            return self.data[key]
        self.misses += 1
        return None

    def put(self, key, value):
        if key in self.data:
            self.data.move_to_end(key)
        self.data[key] = value
        if len(self.data) > self.capacity:
            self.data.popitem(last=False)


class LFU:
    def __init__(self, capacity):
        self.capacity = capacity
        self.values = {}
        self.counts = {}
        self.stamp = {}
        self.clock = 0
        self.hits = self.misses = 0

    def get(self, key):
        self.clock += 1
        if key in self.values:
            self.hits += 1
            self.counts[key] += 1
            self.stamp[key] = self.clock
            return self.values[key]
        self.misses += 1
        return None

    def put(self, key, value):
        self.clock += 1
        if key not in self.values and len(self.values) >= self.capacity:
            victim = min(self.values, key=lambda k: (self.counts[k], self.stamp[k]))
            del self.values[victim], self.counts[victim], self.stamp[victim]
        self.values[key] = value
        self.counts[key] = self.counts.get(key, 0) + 1
        self.stamp[key] = self.clock


def make_trace(rng, length, universe):
    weights = [1.0 / (i + 1) for i in range(universe)]
    keys = [f"/page/{i}" for i in range(universe)]
    return rng.choices(keys, weights=weights, k=length)


def replay(cache, trace):
    for key in trace:
        if cache.get(key) is None:
            cache.put(key, len(key))
    return cache.hits / (cache.hits + cache.misses)


rng = random.Random(12)
trace = make_trace(rng, 360000, 5000)
results = []
for capacity in (50, 200, 800):
    linked = LinkedLRU(capacity)
    ordered = OrderedLRU(capacity)
    rate_linked = replay(linked, trace)
    rate_ordered = replay(ordered, trace)
    assert rate_linked == rate_ordered
    assert linked.keys() == list(reversed(ordered.data))
    results.append((capacity, round(rate_linked, 4), linked.evictions))
lfu = LFU(50)
rate_lfu = replay(lfu, trace[:30000])
print(results, round(rate_lfu, 4), sorted(lfu.values)[:3])
