"""Arbitrary-precision integer arithmetic: factorials, powers, Collatz, digits of e."""
import math


def digit_sum(n):
    return sum(int(d) for d in str(n))


def collatz_length(n, cache={1: 1}):
    path = []
    while n not in cache:
        path.append(n)
        n = n // 2 if n % 2 == 0 else 3 * n + 1
    length = cache[n]
    for m in reversed(path):
        length += 1
        cache[m] = length
    return cache[path[0]] if path else length


def e_digits(count):
    scale = 10 ** (count + 10)
    total, term, k = 0, scale, 0
    while term:
        total += term
        k += 1
        term //= k
    return str(total)[: count + 1]


def isqrt_newton(n):
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x


f100 = math.factorial(100)
print("100! has", len(str(f100)), "digits, digit sum", digit_sum(f100), "trailing zeros", len(str(f100)) - len(str(f100).rstrip("0")))
print("2**1000 digit sum:", digit_sum(2 ** 1000))
print("3**333 mod 1000007:", pow(3, 333, 1000007), "==", 3 ** 333 % 1000007)
best = max(range(1, 30000), key=collatz_length)
print("longest collatz below 30000:", best, collatz_length(best))
print("e =", e_digits(60))
big = 12345678901234567890123456789 ** 3
print("cube:", big)
print("isqrt agrees with math.isqrt:", isqrt_newton(big) == math.isqrt(big))
print("isqrt(10**50):", isqrt_newton(10 ** 50), math.isqrt(10 ** 51))
a, b = 2 ** 89 - 1, 2 ** 61 - 1
print("gcd of Mersenne numbers:", math.gcd(a * 7, b * 7), "product:", a * b)
print("negative big division:", (-(10 ** 30)) // 7, (-(10 ** 30)) % 7, divmod(10 ** 30, -13))
print("bit ops:", (1 << 100) | 1, ((1 << 100) - 1) & 0xFFFF, (2 ** 100) >> 95, (-(2 ** 70)) >> 3)
print("int from string:", int("9" * 40) + 1, int("1" * 30, 2), int("-" + "7" * 25))
fibs = [0, 1]
while len(str(fibs[-1])) < 100:
    fibs.append(fibs[-1] + fibs[-2])
print("first fib with 100 digits: index", len(fibs) - 1)
