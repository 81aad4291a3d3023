# Generator pipelines and comprehensions: a log-processing pipeline of
# chained generators, sums of generator expressions, nested list, dict and
# set comprehensions, and a generator-based sieve of primes.
import itertools


def read_records(n):
    for i in range(n):
        level = ("INFO", "WARN", "ERROR", "DEBUG")[i * 7 % 4]
        yield f"{i:06d} {level} service{i % 13} took {(i * 37) % 1000}ms"


def parse(lines):
    for line in lines:
        seq, level, service, _, took = line.split()
        yield {"seq": int(seq), "level": level, "service": service, "ms": int(took[:-2])}


def only(records, level):
    return (r for r in records if r["level"] == level)


def windows(items, size):
    window = []
    for item in items:
        window.append(item)
        if len(window) == size:
            yield window
            window = []
    if window:
        yield window


def primes():
    yield 2
    composites = {}
    for n in itertools.count(3, 2):
        step = composites.pop(n, None)
        if step is None:
            composites[n * n] = 2 * n
            yield n
        else:
            m = n + step
            while m in composites:
                m += step
            composites[m] = step


def fib_gen():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


slow_total = 0
window_maxima = []
for window in windows(only(parse(read_records(240000)), "WARN"), 500):
    window_maxima.append(max(r["ms"] for r in window))
    slow_total += sum(1 for r in window if r["ms"] > 900)

per_service = {}
for r in parse(read_records(120000)):
    per_service.setdefault(r["service"], []).append(r["ms"])
averages = {s: sum(v) / len(v) for s, v in per_service.items()}

squares = sum(x * x for x in range(1200000) if x % 3)
matrix = [[(i * j) % 7 for j in range(120)] for i in range(120)]
transposed = [[row[i] for row in matrix] for i in range(120)]
diag = sum(matrix[i][i] for i in range(120))
symmetric = matrix == transposed
residues = {x * x % 1009 for x in range(200000)}
pairs = [(a, b) for a in range(60) for b in range(a, 60) if (a * b) % 17 == 1]
first_primes = list(itertools.islice(primes(), 20000))
fib_digits = sum(len(str(f)) for f in itertools.islice(fib_gen(), 1500))

print(slow_total, len(window_maxima), sum(window_maxima))
print(sorted((s, round(a, 2)) for s, a in averages.items())[:3])
print(squares, diag, symmetric, len(residues), len(pairs), pairs[:4])
print(first_primes[-1], sum(first_primes), fib_digits)
