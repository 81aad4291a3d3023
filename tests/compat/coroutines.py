"""Generator-based coroutines: send(), throw(), close() and yield from pipelines."""


def coroutine(fn):
    def start(*args, **kwargs):
        gen = fn(*args, **kwargs)
        next(gen)
        return gen
    return start


@coroutine
def running_stats():
    count, total, lo, hi = 0, 0, None, None
    while True:
        try:
            value = yield
        except ValueError:
            count, total, lo, hi = 0, 0, None, None
            continue
        count += 1
        total += value
        lo = value if lo is None else min(lo, value)
        hi = value if hi is None else max(hi, value)
        print(f"  n={count} mean={total / count:.2f} min={lo} max={hi}")


@coroutine
def grep(pattern, target):
    try:
        while True:
            line = yield
            if pattern in line:
                target.send(line.upper())
    except GeneratorExit:
        print("  grep closing")
        target.close()


@coroutine
def collector(out):
    try:
        while True:
            out.append((yield))
    finally:
        print("  collector done with", len(out), "items")


def chunker(n):
    buf = []
    while True:
        item = yield
        if item is None:
            return buf
        buf.append(item)
        if len(buf) == n:
            return buf


def batches(n, results):
    while True:
        batch = yield from chunker(n)
        results.append(batch)
        if len(batch) < n:
            return


print("stats:")
s = running_stats()
for v in [4, 8, 15]:
    s.send(v)
s.throw(ValueError)
s.send(100)
print("pipeline:")
found = []
g = grep("py", collector(found))
for line in ["python rocks", "java", "pypy is fast", "c"]:
    g.send(line)
g.close()
print(found)
print("batches:")
results = []
b = batches(3, results)
next(b)
try:
    for item in [1, 2, 3, 4, 5, 6, 7, None]:
        b.send(item)
except StopIteration:
    print("  batcher finished")
print(results)
