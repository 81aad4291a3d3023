"""Sieve of Eratosthenes and some prime statistics."""


def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    for i in range(2, int(limit ** 0.5) + 1):
        if is_prime[i]:
            for j in range(i * i, limit + 1, i):
                is_prime[j] = False
    return [i for i, p in enumerate(is_prime) if p]


def twin_primes(primes):
    return [(a, b) for a, b in zip(primes, primes[1:]) if b - a == 2]


def gaps(primes):
    result = {}
    for a, b in zip(primes, primes[1:]):
        result[b - a] = result.get(b - a, 0) + 1
    return result


primes = sieve(10000)
print("primes below 10000:", len(primes))
print("first 15:", primes[:15])
print("last 5:", primes[-5:])
print("sum:", sum(primes))
twins = twin_primes(primes)
print("twin pairs:", len(twins), "largest:", twins[-1])
for gap, count in sorted(gaps(primes).items())[:8]:
    print(f"gap {gap:2d}: {count:4d} {'#' * (count // 40)}")
goldbach = {}
prime_set = set(primes)
for n in range(4, 101, 2):
    for p in primes:
        if n - p in prime_set:
            goldbach[n] = (p, n - p)
            break
print("goldbach 100 =", "+".join(map(str, goldbach[100])))
print("all even numbers up to 100 are sums of two primes:", len(goldbach) == 49)
