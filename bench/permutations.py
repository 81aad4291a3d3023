# Permutations three ways: a recursive generator, the lexicographic
# next-permutation algorithm on a list, and itertools.permutations; then a
# brute-force cryptarithm (TWO + TWO = FOUR) over digit permutations.
import itertools


def permute(items):
    if len(items) <= 1:
        yield list(items)
        return
    for i, head in enumerate(items):
        rest = items[:i] + items[i + 1:]
        for tail in permute(rest):
            yield [head] + tail


def next_permutation(a):
    i = len(a) - 2
    while i >= 0 and a[i] >= a[i + 1]:
        i -= 1
    if i < 0:
        return False
    j = len(a) - 1
    while a[j] <= a[i]:
        j -= 1
    a[i], a[j] = a[j], a[i]
    a[i + 1:] = reversed(a[i + 1:])
    return True


def is_derangement(p):
    return all(v != i for i, v in enumerate(p))


def inversions(p):
    count = 0
    for i in range(len(p)):
        for j in range(i + 1, len(p)):
            if p[i] > p[j]:
                count += 1
    return count


n = 8
derangements = 0
first = []
for p in permute(list(range(n))):
    if is_derangement(p):
        derangements += 1
    if len(first) < 3:
        first.append(p)

a = list(range(n + 1))
lex_count = 1
inversion_total = inversions(a)
while next_permutation(a):
    lex_count += 1
    if lex_count % 7 == 0:
        inversion_total += inversions(a)

tool_count = sum(1 for p in itertools.permutations(range(n)) if p[0] < p[-1])


def solve_cryptarithm(words, result):
    letters = sorted(set("".join(words) + result))
    leading = {w[0] for w in words + [result]}
    solutions = []
    for digits in itertools.permutations(range(10), len(letters)):
        mapping = dict(zip(letters, digits))
        if any(mapping[c] == 0 for c in leading):
            continue

        def value(word):
            v = 0
            for ch in word:
                v = v * 10 + mapping[ch]
            return v

        if sum(value(w) for w in words) == value(result):
            solutions.append("".join(str(mapping[c]) for c in letters))
    return letters, solutions


letters, solutions = solve_cryptarithm(["TWO", "TWO"], "FOUR")
print(derangements, first, lex_count, inversion_total, tool_count)
print("".join(letters), solutions)
