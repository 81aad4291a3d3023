# del on attributes, items, slices and names, and the hooks classes give it.


def attempt(what, action):
    try:
        action()
    except Exception as e:
        print(f"{what}: {type(e).__name__}: {e}")
    else:
        print(f"{what}: ok")


def run_del(code, env):
    exec(code, env)


data = list(range(10))
del data[1:3]
print(data)
del data[::2]
print(data)
del data[-1]
print(data)
nums = list(range(12))
del nums[10:2:-3]
print(nums)
del nums[100:]
del nums[:0]
print(nums)
nums2 = list(range(6))
del nums2[:]
print(nums2)

attempt("list index", lambda: run_del("del xs[10]", {"xs": [1, 2]}))
attempt("list str index", lambda: run_del("del xs['a']", {"xs": [1, 2]}))
attempt("tuple item", lambda: run_del("del t[0]", {"t": (1, 2)}))
attempt("str item", lambda: run_del("del s[0]", {"s": "ab"}))
attempt("missing key", lambda: run_del("del d['nope']", {"d": {"a": 1}}))
attempt("missing tuple key", lambda: run_del("del d[1, 2]", {"d": {}}))
attempt("unhashable key", lambda: run_del("del d[[1]]", {"d": {}}))
attempt("unbound name", lambda: run_del("del never_bound", {}))
attempt("int item", lambda: run_del("del n[0]", {"n": 5}))
attempt("tuple slice", lambda: run_del("del t[0:1]", {"t": (1, 2)}))
attempt("set item", lambda: run_del("del s[0]", {"s": {1}}))
attempt("range item", lambda: run_del("del r[True]", {"r": range(3)}))

d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)

table = {(1, 2): "pair", 3: "three"}
del table[1, 2]
print(table)


class Record:
    kind = "record"

    def __init__(self):
        self.name = "r"
        self.size = 3

    def method(self):
        return 1


r = Record()
del r.name
print(hasattr(r, "name"), r.size)
attempt("missing attribute", lambda: run_del("del r.name", {"r": r}))
attempt("class attribute via instance", lambda: run_del("del r.kind", {"r": r}))
attempt("method via instance", lambda: run_del("del r.method", {"r": r}))
del Record.kind
print(hasattr(r, "kind"))
attempt("class attribute twice", lambda: run_del("del Record.kind", {"Record": Record}))
attempt("builtin attribute", lambda: run_del("del xs.append", {"xs": []}))


class Guarded:
    def __init__(self):
        self.log = []
        self.locked = "yes"

    def __delattr__(self, name):
        if name == "locked":
            raise AttributeError(f"cannot delete {name}")
        self.log.append(("delattr", name))
        object.__delattr__(self, name)


g = Guarded()
g.extra = 1
del g.extra
print(g.log, hasattr(g, "extra"))
attempt("guarded", lambda: run_del("del g.locked", {"g": g}))
attempt("guarded missing", lambda: run_del("del g.ghost", {"g": g}))
print(g.log)


class Store:
    def __init__(self):
        self.items = {}
        self.removed = []

    def __setitem__(self, key, value):
        self.items[key] = value

    def __getitem__(self, key):
        return self.items[key]

    def __delitem__(self, key):
        if isinstance(key, slice):
            self.removed.append(("slice", key.start, key.stop, key.step))
            return
        if isinstance(key, tuple):
            self.removed.append(("tuple", len(key)))
            return
        self.removed.append(key)
        del self.items[key]


s = Store()
s["a"] = 1
s["b"] = 2
del s["a"]
del s[1:5]
del s[::3]
del s[1:2, 3]
print(s.items, s.removed)
attempt("store missing", lambda: run_del("del s['zzz']", {"s": s}))


class NoDelete:
    def __getitem__(self, key):
        return key


attempt("no __delitem__", lambda: run_del("del n[0]", {"n": NoDelete()}))
attempt("no __delitem__, str key", lambda: run_del("del n['k']", {"n": NoDelete()}))

a = b = 1
del a, b
print("a" in dir(), "b" in dir())
x, y = [1, 2], {"k": 1}
del x[0], y["k"]
print(x, y)
