# The special attributes of functions: what `__dict__` shows, and what
# storing or deleting `__annotations__`, `__doc__`, `__name__`,
# `__module__`, `__dict__` and the read-only ones does.


def attempt(label, op):
    try:
        r = op()
        print(label, "->", repr(r))
    except (TypeError, AttributeError) as e:
        print(label, type(e).__name__ + ":", e)


def f(x: int) -> str:
    "doc"


def g():
    pass


lam = lambda: 0  # noqa: E731


class C:
    "cdoc"

    def m(self):
        "mdoc"


# The docstring and annotations are not in `__dict__`.
print(f.__dict__, g.__dict__, lam.__dict__, C.m.__dict__)
print(f.__doc__, g.__doc__, lam.__doc__, C.m.__doc__, C().m.__doc__)


def store(fn, name, v):
    setattr(fn, name, v)
    return getattr(fn, name)


def delete(fn, name):
    delattr(fn, name)
    return getattr(fn, name)


# `__annotations__`: a dict or None (a fresh dict on the next read).
attempt("f.__annotations__ = 5", lambda: store(f, "__annotations__", 5))
attempt("f.__annotations__ = []", lambda: store(f, "__annotations__", []))
print(f.__annotations__)
attempt("f.__annotations__ = None", lambda: store(f, "__annotations__", None))
attempt("f.__annotations__ = {'a': 1}", lambda: store(f, "__annotations__", {"a": 1}))
attempt("del f.__annotations__", lambda: delete(f, "__annotations__"))
attempt("del f.__annotations__ again", lambda: delete(f, "__annotations__"))
f.__annotations__["k"] = int
print(f.__annotations__, f.__dict__)

# `__doc__`: anything; deleting it leaves None.
attempt("f.__doc__ = 'new'", lambda: store(f, "__doc__", "new"))
attempt("g.__doc__ = 5", lambda: store(g, "__doc__", 5))
print(f.__dict__, g.__dict__)
attempt("del f.__doc__", lambda: delete(f, "__doc__"))
attempt("del f.__doc__ again", lambda: delete(f, "__doc__"))

# `__name__` and `__qualname__` must be strings and cannot go.
attempt("g.__name__ = 5", lambda: store(g, "__name__", 5))
attempt("g.__qualname__ = None", lambda: store(g, "__qualname__", None))
attempt("g.__name__ = 'h'", lambda: store(g, "__name__", "h"))
attempt("del g.__name__", lambda: delete(g, "__name__"))
attempt("del g.__qualname__", lambda: delete(g, "__qualname__"))

# `__module__`: anything; deleting it leaves None. Not in `__dict__`.
attempt("g.__module__ = 5", lambda: store(g, "__module__", 5))
print(g.__dict__)
attempt("del g.__module__", lambda: delete(g, "__module__"))
print(f.__module__)

# `__dict__` must be a dict and cannot go.
attempt("g.__dict__ = 5", lambda: store(g, "__dict__", 5))
attempt("g.__dict__ = {'y': 2}", lambda: store(g, "__dict__", {"y": 2}))
print(g.y, g.__doc__, g.__module__)
attempt("del g.__dict__", lambda: delete(g, "__dict__"))

# Type checks of the rest.
attempt("g.__defaults__ = 5", lambda: store(g, "__defaults__", 5))
attempt("g.__defaults__ = [1]", lambda: store(g, "__defaults__", [1]))
attempt("g.__kwdefaults__ = 5", lambda: store(g, "__kwdefaults__", 5))
attempt("g.__code__ = 5", lambda: store(g, "__code__", 5))
attempt("del g.__code__", lambda: delete(g, "__code__"))
attempt("del g.__closure__", lambda: delete(g, "__closure__"))
attempt("g.__globals__ = {}", lambda: store(g, "__globals__", {}))
attempt("del g.missing", lambda: delete(g, "missing"))


def kw(*, a=1):
    pass


print(g.__kwdefaults__, kw.__kwdefaults__, g.__closure__)

# Plain attributes still come and go.
g.tag = "t"
print(g.tag, g.__dict__)
del g.tag
print(g.__dict__)
