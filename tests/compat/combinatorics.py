"""itertools combinatorics: permutations, combinations, products, puzzles."""
import itertools


def word_value(word, v):
    return int("".join(str(v[c]) for c in word))


def solve_puzzle(a, b, total):
    letters = sorted(set(a + b + total))
    solutions = []
    for perm in itertools.permutations(range(10), len(letters)):
        v = dict(zip(letters, perm))
        if 0 in (v[a[0]], v[b[0]], v[total[0]]):
            continue
        if word_value(a, v) + word_value(b, v) == word_value(total, v):
            solutions.append((word_value(a, v), word_value(b, v), word_value(total, v)))
    return solutions


coins = [1, 2, 5, 10, 20, 50]
ways = sum(1 for n in range(1, 6) for combo in itertools.combinations_with_replacement(coins, n) if sum(combo) == 20)
print("ways to make 20 with up to 5 coins:", ways)
print("3-subsets of 6 items:", len(list(itertools.combinations(range(6), 3))))
dice = list(itertools.product(range(1, 7), repeat=2))
totals = {}
for a, b in dice:
    totals[a + b] = totals.get(a + b, 0) + 1
print("two dice:", " ".join(f"{t}:{n}" for t, n in sorted(totals.items())))
print("anagrams of 'abc':", ["".join(p) for p in itertools.permutations("abc")])
team = ["ann", "bob", "cy", "dee"]
print("pairings:", [f"{a}-{b}" for a, b in itertools.combinations(team, 2)])
print("running max:", list(itertools.accumulate([3, 1, 4, 1, 5, 9, 2, 6], max)))
print("grouped:", {k: len(list(g)) for k, g in itertools.groupby(sorted("mississippi"))})
print("cycle:", "".join(itertools.islice(itertools.cycle("ab-"), 10)))
print("chained:", list(itertools.chain.from_iterable(itertools.repeat([1, 2], 3))))
print("TO+GO=OUT:", solve_puzzle("TO", "GO", "OUT"))
subsets = [s for r in range(4) for s in itertools.combinations([1, 2, 3], r)]
print("power set:", subsets)
