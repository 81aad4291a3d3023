"""Memoized Fibonacci three ways: dict cache, lru_cache, and iteration."""
import functools

cache = {}


def fib_dict(n):
    if n in cache:
        return cache[n]
    result = n if n < 2 else fib_dict(n - 1) + fib_dict(n - 2)
    cache[n] = result
    return result


@functools.lru_cache(maxsize=None)
def fib_lru(n):
    return n if n < 2 else fib_lru(n - 1) + fib_lru(n - 2)


def fib_iter(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def memoize(fn):
    memo = {}

    def wrapper(*args):
        if args not in memo:
            memo[args] = fn(*args)
        return memo[args]

    wrapper.memo = memo
    return wrapper


@memoize
def paths(rows, cols):
    if rows == 0 or cols == 0:
        return 1
    return paths(rows - 1, cols) + paths(rows, cols - 1)


for n in (10, 50, 100, 200):
    a, b, c = fib_dict(n), fib_lru(n), fib_iter(n)
    assert a == b == c
    print(f"fib({n}) = {a}")
print("digits in fib(1000):", len(str(fib_iter(1000))))
print("lattice paths 10x10:", paths(10, 10), "cached:", len(paths.memo))
print("lattice paths 20x20:", paths(20, 20))
print("ratio:", round(fib_iter(41) / fib_iter(40), 12))
