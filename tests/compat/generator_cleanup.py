# Generators dropped before they finish still run their finally blocks and
# leave their with blocks, as when the for loop that drove them breaks.
log = []


class Resource:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        log.append(f"open {self.name}")
        return self

    def __exit__(self, kind, value, tb):
        log.append(f"close {self.name} ({kind.__name__ if kind else None})")
        return False


def numbers(limit):
    try:
        for i in range(limit):
            yield i
    finally:
        log.append(f"numbers({limit}) finally")


def lines(name):
    with Resource(name) as r:
        for n in range(3):
            yield f"{r.name}:{n}"


def careful():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        log.append("careful saw GeneratorExit")
        raise


def nested():
    try:
        yield from numbers(10)
    finally:
        log.append("nested finally")


def flush(title):
    print(title, log)
    log.clear()


for x in numbers(5):
    if x == 2:
        break
flush("break:")

for line in lines("data.txt"):
    print(line)
    break
flush("with:")

gens = [numbers(3), lines("a"), careful()]
for g in gens:
    next(g)
gens.clear()
flush("list cleared:")

pending = [numbers(4) for _ in range(3)]
next(pending[1])
del pending
flush("only the started one:")

g = careful()
next(g)
g = None
flush("rebound:")

g = nested()
print(next(g), next(g))
del g
flush("yield from:")


def first_match(items, wanted):
    for item in items:
        if item == wanted:
            return item
    return None


print(first_match(numbers(100), 3))
flush("returned early:")

done = numbers(2)
print(list(done))
del done
flush("finished normally:")


def total(limit):
    s = 0
    for v in numbers(limit):
        s += v
        if s > 10:
            return s
    return s


print(total(50), total(3))
flush("inside a function:")
