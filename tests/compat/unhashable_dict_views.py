# The set-like dict views are unhashable, as CPython's (dict_values and
# the iterators hash by identity).


def attempt(label, f):
    try:
        r = f()
        print(label, "->", r)
    except TypeError as e:
        print(label, "TypeError:", e)


d = {"a": 1}
attempt("hash(keys)", lambda: hash(d.keys()))
attempt("hash(items)", lambda: hash(d.items()))
attempt("hash(values) is int", lambda: type(hash(d.values())).__name__)
attempt("hash(iter(d)) is int", lambda: type(hash(iter(d))).__name__)
attempt("hash(iter(items)) is int", lambda: type(hash(iter(d.items()))).__name__)
attempt("hash(bytearray())", lambda: hash(bytearray()))
attempt("hash(slice(1))", lambda: hash(slice(1)))
print(type(d.keys()).__hash__, type(d.items()).__hash__)
attempt("{keys}", lambda: {d.keys()})
attempt("keys == set", lambda: d.keys() == {"a"})
