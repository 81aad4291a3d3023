# contextlib: contextmanager (as a block and a decorator), suppress, closing,
# nullcontext, ExitStack (order, suppression, pop_all), redirect_stdout.
from contextlib import contextmanager, suppress, closing, ExitStack, nullcontext, redirect_stdout
import io

@contextmanager
def tag(name, log):
    log.append("<%s>" % name)
    try:
        yield name.upper()
    except KeyError as e:
        log.append("caught %r" % (e,))
    finally:
        log.append("</%s>" % name)

log = []
with tag("a", log) as t:
    log.append(t)
print(log)
log = []
with tag("b", log):
    raise KeyError("k")
print(log)
log = []
try:
    with tag("c", log):
        raise ValueError("v")
except ValueError as e:
    print("propagated", e, log)

@tag("deco", log)
def fn():
    return 5
log.clear()
print(fn(), log)

with suppress(ZeroDivisionError, KeyError):
    1 / 0
print("after suppress")
try:
    with suppress(KeyError):
        [][1]
except IndexError:
    print("IndexError not suppressed")

class Res:
    def __init__(self, n): self.n = n; self.closed = False
    def close(self): self.closed = True; print("close", self.n)
with closing(Res(1)) as r:
    print("using", r.n)
print(r.closed)

with nullcontext(42) as v:
    print("null", v)

class CM:
    def __init__(self, n, swallow=False): self.n = n; self.swallow = swallow
    def __enter__(self): print("enter", self.n); return self.n
    def __exit__(self, *a): print("exit", self.n, a[0].__name__ if a[0] else None); return self.swallow

with ExitStack() as st:
    xs = [st.enter_context(CM(i)) for i in range(3)]
    st.callback(print, "callback", xs)
    print("body", xs)

with ExitStack() as st:
    st.enter_context(CM("outer", swallow=True))
    st.enter_context(CM("inner"))
    raise RuntimeError("boom")
print("swallowed")

with ExitStack() as st:
    st.enter_context(CM("x"))
    moved = st.pop_all()
print("popped")
moved.close()

buf = io.StringIO()
with redirect_stdout(buf):
    print("hidden", 1, 2)
print(repr(buf.getvalue()))

@contextmanager
def noyield():
    if False:
        yield
try:
    with noyield():
        pass
except RuntimeError as e:
    print("RuntimeError", e)
