"""Closures holding state: counters, accumulators, memo, rate limiters, event bus."""


def make_counter(start=0, step=1):
    value = start

    def counter():
        nonlocal value
        current = value
        value += step
        return current

    return counter


def make_averager():
    values = []

    def add(v):
        values.append(v)
        return sum(values) / len(values)

    return add


def make_bus():
    handlers = {}

    def on(event):
        def register(fn):
            handlers.setdefault(event, []).append(fn)
            return fn
        return register

    def emit(event, *args):
        return [h(*args) for h in handlers.get(event, [])]

    return on, emit


def budget(limit):
    spent = 0

    def spend(amount):
        nonlocal spent
        if spent + amount > limit:
            return f"denied {amount} (spent {spent} of {limit})"
        spent += amount
        return f"ok {amount} (spent {spent} of {limit})"

    return spend


c = make_counter()
by_tens = make_counter(100, 10)
print([c() for _ in range(5)], [by_tens() for _ in range(3)], c())
avg = make_averager()
print([round(avg(v), 3) for v in [10, 20, 33, 1]])
on, emit = make_bus()


@on("greet")
def english(name):
    return f"hello {name}"


@on("greet")
def spanish(name):
    return f"hola {name}"


@on("sum")
def add_all(*nums):
    return sum(nums)


print(emit("greet", "ann"), emit("sum", 1, 2, 3), emit("nothing"))
spend = budget(100)
for amount in [30, 50, 40, 20, 1]:
    print(spend(amount))
adders = [(lambda n: (lambda x: x + n))(i) for i in range(4)]
print([f(10) for f in adders])
print([f.__name__ for f in (english, spanish, add_all)])
