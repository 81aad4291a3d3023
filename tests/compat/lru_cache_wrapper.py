"""functools.lru_cache and cache: keys (keywords, typed, one int or str),
recency order and eviction, statistics, clearing, methods (the wrapper is
a descriptor), maxsize 0 and negative, unhashable arguments."""
import functools

@functools.lru_cache(maxsize=2)
def sq(x, *, p=2):
    "square"
    print("computing", x, p)
    return x ** p

print(sq(2), sq(3), sq(2), sq(4), sq(3), sq(2, p=3), sq(2, p=3))
print(sq.cache_info(), sq.__name__, sq.__doc__, sq.__wrapped__.__name__, sq.cache_parameters())
sq.cache_clear()
print(sq.cache_info())

@functools.cache
def fact(n):
    return 1 if n < 2 else n * fact(n - 1)
print(fact(30), fact.cache_info())

class C:
    def __init__(self, k):
        self.k = k
    @functools.lru_cache(maxsize=None)
    def m(self, x):
        return self.k * x
    def __hash__(self):
        return self.k
a, b = C(2), C(3)
print(a.m(5), b.m(5), a.m(5), C.m.cache_info())

@functools.lru_cache(maxsize=None, typed=True)
def t(x):
    return type(x).__name__
print(t(1), t(1.0), t(True), t.cache_info())

@functools.lru_cache
def nop(x):
    return [x]
print(nop(1) is nop(1), nop.cache_info())

@functools.lru_cache(maxsize=0)
def z(x):
    return x
print(z(1), z(1), z.cache_info())

try:
    sq([1])
except TypeError as e:
    print("TypeError", e)

@functools.lru_cache(maxsize=-5)
def neg(x):
    return x
print(neg(1), neg(1), neg.cache_info())
info = sq.cache_info()
print(info.hits, info[1], tuple(info), info == (0, 0, 2, 0))
