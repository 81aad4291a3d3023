"""Descriptive statistics by hand, with carefully rounded float output."""
import math

data = [2.5, 3.1, 4.7, 1.2, 9.8, 5.5, 3.3, 7.1, 6.0, 4.4, 2.2, 8.9]


def mean(xs):
    return sum(xs) / len(xs)


def median(xs):
    s = sorted(xs)
    n = len(s)
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2


def variance(xs, sample=True):
    m = mean(xs)
    return sum((x - m) ** 2 for x in xs) / (len(xs) - (1 if sample else 0))


def percentile(xs, p):
    s = sorted(xs)
    k = (len(s) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] if lo == hi else s[lo] + (s[hi] - s[lo]) * (k - lo)


def correlation(xs, ys):
    mx, my = mean(xs), mean(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return cov / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))


def linear_fit(xs, ys):
    mx, my = mean(xs), mean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return slope, my - slope * mx


print(f"n={len(data)} mean={mean(data):.4f} median={median(data):.2f}")
print(f"var={variance(data):.4f} pvar={variance(data, False):.4f} sd={math.sqrt(variance(data)):.4f}")
print("quartiles:", [round(percentile(data, p), 3) for p in (0, 25, 50, 75, 100)])
xs = list(range(1, 11))
ys = [2.1 * x + 0.5 + (0.3 if x % 2 else -0.3) for x in xs]
slope, intercept = linear_fit(xs, ys)
print(f"fit: y = {slope:.4f} x + {intercept:.4f}, r = {correlation(xs, ys):.6f}")
bins = {}
for x in data:
    b = int(x // 2) * 2
    bins[b] = bins.get(b, 0) + 1
for b in sorted(bins):
    print(f"[{b:2d}, {b + 2:2d}) {'#' * bins[b]}")
print("z-scores:", " ".join(f"{(x - mean(data)) / math.sqrt(variance(data)):+.2f}" for x in data[:6]))
print("geometric mean: %.5f" % math.exp(sum(math.log(x) for x in data) / len(data)))
print("harmonic mean: %.5f" % (len(data) / sum(1 / x for x in data)))
print(round(sum([0.1] * 10), 10), math.fsum([0.1] * 10), 0.1 * 3, 1 / 7)
