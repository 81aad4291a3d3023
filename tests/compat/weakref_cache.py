# An image cache that must not keep images alive: a WeakValueDictionary
# maps names to loaded images, a WeakKeyDictionary stores per-image
# metadata, and plain weak references observe objects going away.
import weakref


class Image:
    loads = 0

    def __init__(self, name, size):
        Image.loads += 1
        self.name = name
        self.pixels = [0] * size

    def __repr__(self):
        return f"Image({self.name!r})"


class Cache:
    def __init__(self):
        self._images = weakref.WeakValueDictionary()

    def get(self, name, size=4):
        img = self._images.get(name)
        if img is None:
            img = Image(name, size)
            self._images[name] = img
        return img

    def cached(self):
        return sorted(self._images.keys())


def main():
    cache = Cache()
    a = cache.get("logo")
    b = cache.get("banner")
    again = cache.get("logo")
    print("same object:", a is again, "loads:", Image.loads, "cached:", cache.cached())
    del again
    del a
    print("after dropping logo:", cache.cached(), "loads:", Image.loads)
    a = cache.get("logo")
    print("reloaded:", Image.loads, cache.cached(), len(cache._images), "banner" in cache._images)

    r = weakref.ref(b)
    print("ref alive:", r() is b, r() is not None, repr(r()) )
    meta = weakref.WeakKeyDictionary()
    meta[a] = {"hits": 3}
    meta[b] = {"hits": 1}
    print("meta:", sorted((k.name, v["hits"]) for k, v in meta.items()), a in meta, len(meta))
    del b
    print("after dropping banner:", r(), cache.cached(), len(meta), sorted(k.name for k in meta.keys()))

    r1, r2 = weakref.ref(a), weakref.ref(a)
    print("refs equal:", r1 == r2, hash(r1) == hash(r2) == hash(a))

    members = weakref.WeakSet()
    x, y = Image("x", 1), Image("y", 1)
    members.add(x)
    members.add(y)
    del x
    print("weakset:", len(members), sorted(m.name for m in members), y in members)

    def listen():
        pass
    fr = weakref.ref(listen)
    print("function ref:", fr() is listen)
    for bad in [1, "text", [1, 2], {"a": 1}, (1,)]:
        try:
            weakref.ref(bad)
        except TypeError as e:
            print("TypeError:", e)

    class Resource:
        pass

    res = Resource()
    closed = []
    f = weakref.finalize(res, closed.append, "closed by hand")
    print("finalize alive:", f.alive, f.peek()[0] is res, f.peek()[2:] == (("closed by hand",), {}))
    f()
    f()
    print("finalize ran once:", closed, f.alive, f.detach())
    g = weakref.finalize(res, print, "never")
    print("detached:", g.detach()[2], g.alive)


main()
