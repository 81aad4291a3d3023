# The standard library as everyday programs lean on it: memoized recursion
# with lru_cache, word statistics with Counter and defaultdict, a pipeline
# of partial functions folded with reduce, a sort by a comparison function,
# itertools' combinatorics, bisect and heapq. Each is what CPython runs in
# C, called from a loop written in the language.
import bisect
import functools
import heapq
import itertools
import operator
from collections import Counter, defaultdict


@functools.lru_cache(maxsize=None)
def partitions(n, k):
    if n == 0:
        return 1
    if n < 0 or k == 0:
        return 0
    return partitions(n - k, k) + partitions(n, k - 1)


@functools.lru_cache(maxsize=512)
def collatz_len(n):
    if n == 1:
        return 1
    return 1 + collatz_len(n // 2 if n % 2 == 0 else 3 * n + 1)


def word_stats(text, rounds):
    words = text.split()
    for _ in range(rounds):
        counts = Counter(words)
        by_initial = defaultdict(list)
        for w in words:
            by_initial[w[0]].append(w)
        lengths = defaultdict(int)
        for w in words:
            lengths[len(w)] += 1
    return counts.most_common(3), sorted(lengths.items())[:3], len(by_initial)


def pipeline(values):
    scale = functools.partial(operator.mul, 3)
    shift = functools.partial(operator.add, -7)
    total = 0
    for v in values:
        total += shift(scale(v))
    return total, functools.reduce(operator.xor, values, 0)


def version_order(a, b):
    pa, pb = [int(x) for x in a.split(".")], [int(x) for x in b.split(".")]
    return (pa > pb) - (pa < pb)


def combinatorics(n):
    best = 0
    for combo in itertools.combinations(range(n), 4):
        s = sum(combo)
        if s % 7 == 0:
            best = max(best, combo[0] * combo[-1])
    grid = sum(1 for p in itertools.product(range(6), repeat=5) if sum(p) == 12)
    perms = sum(1 for p in itertools.permutations(range(7), 5) if p[0] < p[-1])
    return best, grid, perms


def running_median(values):
    window, heap, out = [], [], 0
    for v in values:
        bisect.insort(window, v)
        heapq.heappush(heap, -v)
        if len(heap) > 50:
            heapq.heappop(heap)
        out += window[len(window) // 2]
    return out, -heap[0]


words = ("the quick brown fox jumps over the lazy dog while seven wizards "
         "quietly judge boxing matches and a few lazy dogs bark ").split()
text = " ".join(words[(i * 7) % len(words)] + str(i % 13) for i in range(20000))
versions = [f"{i % 7}.{(i * 13) % 11}.{(i * 29) % 17}" for i in range(10000)]

print(partitions(90, 90), sum(collatz_len(i) for i in range(1, 40000)))
for _ in range(100):
    partitions.cache_clear()
    partitions(90, 90)
print(word_stats(text, 36))
print(pipeline(list(range(1500000))))
ordered = sorted(versions, key=functools.cmp_to_key(version_order))
print(ordered[:2], ordered[-1])
print(combinatorics(30))
print(running_median([(i * 7919) % 10007 for i in range(12000)]))
