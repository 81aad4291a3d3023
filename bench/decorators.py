# Closures and decorators: a call-counting decorator, a memoizing one with
# functools.wraps, a validating decorator factory, closures as accumulators
# and callbacks, and functools.partial / reduce.
import functools


def counted(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return fn(*args, **kwargs)

    wrapper.calls = 0
    return wrapper


def memoize(fn):
    cache = {}

    @functools.wraps(fn)
    def wrapper(*args):
        try:
            return cache[args]
        except KeyError:
            value = cache[args] = fn(*args)
            return value

    wrapper.cache = cache
    return wrapper


def check_types(*types):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args):
            for a, t in zip(args, types):
                if not isinstance(a, t):
                    raise TypeError(f"{fn.__name__}: expected {t.__name__}, got {type(a).__name__}")
            return fn(*args)

        return wrapper

    return decorate


@counted
def area(w, h, scale=1):
    return w * h * scale


@memoize
def grid_paths(r, c):
    if r == 0 or c == 0:
        return 1
    return grid_paths(r - 1, c) + grid_paths(r, c - 1)


@check_types(int, int)
def gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def make_accumulator(start):
    total = start

    def add(x):
        nonlocal total
        total += x
        return total

    return add


def make_multipliers(n):
    return [lambda x, k=k: x * k for k in range(n)]


def compose(*fns):
    return functools.reduce(lambda f, g: lambda x: g(f(x)), fns)


class EventBus:
    def __init__(self):
        self.handlers = {}

    def on(self, name):
        def register(fn):
            self.handlers.setdefault(name, []).append(fn)
            return fn

        return register

    def emit(self, name, value):
        return [h(value) for h in self.handlers.get(name, ())]


bus = EventBus()
seen = []


@bus.on("tick")
def record(v):
    seen.append(v)
    return v


@bus.on("tick")
def double(v):
    return v * 2


total_area = sum(area(i % 17, i % 13, scale=2) for i in range(700000))
paths = grid_paths(60, 60)
g = sum(gcd(a, b) for a in range(1, 600) for b in range(1, 600, 7))
try:
    gcd(1.5, 2)
except TypeError as e:
    message = str(e)

acc = make_accumulator(10)
for i in range(900000):
    acc(i % 10)
multipliers = make_multipliers(20)
mult = sum(m(i) for i in range(30000) for m in multipliers[::5])
pipeline = compose(lambda x: x + 1, lambda x: x * 3, abs, str, len)
lengths = sum(pipeline(i - 5000) for i in range(270000))
power = functools.partial(pow, 3)
emitted = sum(sum(bus.emit("tick", i)) for i in range(270000))
print(total_area, area.calls, area.__name__, paths, len(grid_paths.cache), g, message)
print(acc(0), mult, lengths, power(40), emitted, len(seen))
