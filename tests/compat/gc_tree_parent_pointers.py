# A document tree whose nodes point at their parent, and a doubly linked
# LRU list: the shapes that leak without a cycle collector. Each round
# builds and drops a structure; weak references tell how many survive.
import gc
import weakref


class Node:
    def __init__(self, tag, parent=None):
        self.tag = tag
        self.parent = parent
        self.children = []
        if parent is not None:
            parent.children.append(self)

    def path(self):
        parts = []
        node = self
        while node is not None:
            parts.append(node.tag)
            node = node.parent
        return "/".join(reversed(parts))


def build(depth, width, parent=None, tag="root"):
    node = Node(tag, parent)
    if depth > 0:
        for i in range(width):
            build(depth - 1, width, node, f"{tag[0]}{i}")
    return node


class Entry:
    __slots__ = ("key", "value", "prev", "next", "__weakref__")

    def __init__(self, key, value):
        self.key, self.value = key, value
        self.prev = self.next = None


class LRU:
    def __init__(self, capacity):
        self.capacity = capacity
        self.map = {}
        self.head = Entry(None, None)
        self.head.prev = self.head.next = self.head

    def _unlink(self, e):
        e.prev.next, e.next.prev = e.next, e.prev

    def _push_front(self, e):
        e.next, e.prev = self.head.next, self.head
        self.head.next.prev = e
        self.head.next = e

    def put(self, key, value):
        if key in self.map:
            self._unlink(self.map.pop(key))
        e = Entry(key, value)
        self.map[key] = e
        self._push_front(e)
        if len(self.map) > self.capacity:
            last = self.head.prev
            self._unlink(last)
            del self.map[last.key]

    def keys(self):
        out, e = [], self.head.next
        while e is not self.head:
            out.append(e.key)
            e = e.next
        return out


gc.collect()
watch = []
for round_no in range(5):
    root = build(3, 3)
    leaf = root.children[2].children[1].children[0]
    print(round_no, leaf.path(), len(root.children))
    watch.append(weakref.ref(root))
    watch.append(weakref.ref(leaf))
    del root, leaf

cache = LRU(3)
for k in "abcadeb":
    cache.put(k, k.upper())
print("lru", cache.keys())
cache_ref = weakref.ref(cache.head)
del cache

found = gc.collect()
print("collected something", found > 0)
print("trees alive", sum(w() is not None for w in watch))
print("lru alive", cache_ref() is not None)

# What is still referenced survives a collection.
kept = build(2, 2)
kept_leaf = weakref.ref(kept.children[1].children[1])
gc.collect()
print("kept", kept_leaf().path())
