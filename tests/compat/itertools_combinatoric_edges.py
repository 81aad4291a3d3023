"""itertools' combinatoric iterators at their edges: empty pools, r = 0,
r larger than the pool, keywords, bad arguments (which fail at the call,
before any item), laziness of the walk, and the types themselves."""
import itertools as it


def show(name, make):
    try:
        print(name, list(make()))
    except Exception as e:
        print(name, type(e).__name__, e)


show("perm empty", lambda: it.permutations([]))
show("perm empty r0", lambda: it.permutations([], 0))
show("perm r0", lambda: it.permutations("abc", 0))
show("perm r>n", lambda: it.permutations("ab", 3))
show("perm r=n", lambda: it.permutations("abc"))
show("perm r kw", lambda: it.permutations(iterable=range(4), r=2))
show("perm r None", lambda: it.permutations("xyz", None))
show("perm r neg", lambda: it.permutations("ab", -1))
show("perm r str", lambda: it.permutations("ab", "2"))
show("perm not iterable", lambda: it.permutations(5))
show("perm bad kw", lambda: it.permutations("ab", k=1))
show("comb", lambda: it.combinations(range(5), 3))
show("comb r0", lambda: it.combinations("abc", 0))
show("comb r>n", lambda: it.combinations("abc", 4))
show("comb empty r0", lambda: it.combinations([], 0))
show("comb no r", lambda: it.combinations("abc"))
show("comb r neg", lambda: it.combinations("abc", -2))
show("comb kw", lambda: it.combinations(r=2, iterable="abcd"))
show("cwr", lambda: it.combinations_with_replacement("abc", 2))
show("cwr empty", lambda: it.combinations_with_replacement("", 2))
show("cwr empty r0", lambda: it.combinations_with_replacement("", 0))
show("cwr r>n", lambda: it.combinations_with_replacement("ab", 3))
show("prod", lambda: it.product("ab", [1, 2], (None,)))
show("prod none", lambda: it.product())
show("prod empty pool", lambda: it.product("ab", []))
show("prod repeat", lambda: it.product([0, 1], repeat=3))
show("prod repeat0", lambda: it.product("ab", repeat=0))
show("prod repeat neg", lambda: it.product("ab", repeat=-1))
show("prod bad kw", lambda: it.product("ab", times=2))
show("prod not iterable", lambda: it.product("ab", 3))

# The walk is lazy: a consumer may stop early, and the pool is a copy.
pool = [1, 2, 3, 4]
p = it.permutations(pool, 2)
first = next(p)
pool.append(99)
print(first, next(p), len(list(p)))
c = it.combinations(range(30), 15)
print([next(c) for _ in range(2)])
# Exhausted iterators stay exhausted.
e = it.product("a")
print(list(e), list(e), next(e, "done"))

print(isinstance(it.permutations("ab"), it.permutations),
      type(it.product()).__name__, iter(c) is c)
print(sum(1 for t in it.permutations(range(7)) if t[0] < t[-1]))
print(len(list(it.combinations(range(12), 6))), len(list(it.product(range(4), repeat=5))))

# An r no machine holds: MemoryError at the call, not a crash.
for make in (lambda: it.combinations(range(3), 2**62),
             lambda: it.combinations_with_replacement("ab", 2**62)):
    try:
        make()
    except MemoryError:
        print("MemoryError")
for make in (lambda: it.combinations(range(3), 2**40),
             lambda: it.combinations_with_replacement("ab", 2**40)):
    try:
        make()
    except MemoryError:
        print("MemoryError")
print(list(it.product(repeat=2**62)))
try:
    it.product(range(3), repeat=2**40)
except MemoryError:
    print("MemoryError")

# permutations allocates its r counters even when r > n: a size no
# machine holds fails at the call, a large one is merely empty.
for r in (2**62, 2**40):
    show("perm r=2**%d" % (r.bit_length() - 1), lambda: it.permutations(range(3), r))
show("perm r=10**6", lambda: it.permutations(range(3), 10**6))
show("perm r=2**63", lambda: it.permutations(range(3), 2**63))

# product bounds nargs * repeat before reading its iterables.


class Loud:
    def __iter__(self):
        print("iterated")
        return iter("ab")


for n in (1, 2):
    for r in (2**59, 2**60, 2**62):
        show("product %d x 2**%d" % (n, r.bit_length() - 1),
             lambda: it.product(*[Loud()] * n, repeat=r))
show("product no pools", lambda: it.product(repeat=2**62))
