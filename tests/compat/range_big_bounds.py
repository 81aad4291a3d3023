# Ranges whose bounds do not fit in 64 bits: ID blocks, hash spaces and
# sharded key ranges, the way programs use them with 128-bit identifiers.

UUID_SPACE = range(2**128)
SHARDS = 4


def shard_bounds(space, shards):
    """Split an ID space into equal contiguous blocks (slicing a range)."""
    size = len(space) if space.stop < 2**63 else (space.stop - space.start) // shards
    return [space[i * size:(i + 1) * size] for i in range(shards)]


def shard_of(key, blocks):
    for n, block in enumerate(blocks):
        if key in block:
            return n, block.index(key)
    return None


blocks = shard_bounds(UUID_SPACE, SHARDS)
for b in blocks:
    print(b, b.start, b.stop, b.step)
for key in (0, 2**127, 2**128 - 1, 2**126 + 12345, 2**128, -1):
    print(key, shard_of(key, blocks))

# len() is an OverflowError past ssize_t, bool() and the attributes are not.
for r in (UUID_SPACE, range(2**64), range(-2**63, 2**63 - 1)):
    try:
        print(len(r))
    except OverflowError as e:
        print("len:", type(e).__name__, e)
    try:
        print(r.__len__())
    except OverflowError as e:
        print("__len__:", type(e).__name__, e)
    print(bool(r), r[0], r[-1], r[len(r[:5]) - 1])
print(bool(range(2**64, 2**64)), len(range(2**64, 2**64 + 7, 2)))

# Indexing with big ints, negative ones from the end, and out of range.
r = range(2**64, 2**65, 3)
print(r[0], r[1], r[-1], r[2**60], r[-2**60])
for i in (2**70, -2**70, len(range(2**64, 2**65, 3))):
    try:
        r[i]
    except IndexError as e:
        print("IndexError", e)
try:
    r["0"]
except TypeError as e:
    print("TypeError", e)


class Offset:
    """An index type, as numpy scalars and similar are."""

    def __init__(self, n):
        self.n = n

    def __index__(self):
        return self.n


print(r[Offset(2**62)], range(Offset(2**80)), UUID_SPACE[Offset(2**100):Offset(2**100 + 3)])

# Iteration, reversal, and aggregation across the 64-bit boundary.
print(list(range(2**64 - 2, 2**64 + 2)))
print(list(reversed(range(2**64 - 2, 2**64 + 2))))
print(list(range(2**63 + 5, 2**63 - 5, -4)), list(reversed(range(2**63 + 5, 2**63 - 5, -4))))
total = 0
for n in range(2**100, 2**100 + 1000, 7):
    total += n % 1000
print(total, sum(range(2**70, 2**70 + 100)), max(range(2**70, 2**70 + 5)), min(range(-2**70, 0, 2**69)))
print(sorted(range(2**64 + 3, 2**64, -1)), tuple(range(2**64, 2**64 + 2)))
it = iter(range(2**64, 2**64 + 2))
print(next(it), next(it), next(it, "done"))
print(list(zip(range(2**65, 2**66), "abc")))

# Membership, index and count: ints by arithmetic, other values by ==.
r = range(2**64, 2**65, 3)
print(2**64 + 9 in r, 2**64 + 10 in r, 2**65 in r, 0 in r, float(2**64) in r, "x" in range(2**64, 2**64 + 5))
print(r.index(2**64 + 9), r.count(2**64 + 9), r.count(2**64 + 10), range(2**64, 2**64 + 9, 3).count(float(2**64 + 3)))
for x in (7, 2**64 + 1, 2**66):
    try:
        r.index(x)
    except ValueError as e:
        print("ValueError", e)

# Slicing: big steps, reversed, clamped, and back into 64 bits.
big = range(2**100)
print(big[2**99:], big[::-1], big[2**99::2**98], big[-5:], big[:-2**100 + 3])
print(big[-3:][::-1], list(big[-3:]), big[10:20] == range(10, 20), big[:0])
print(range(10)[2**100:], range(10)[-2**100:2], range(10)[::2**100], range(10)[::-2**100])
print(range(-2**63, 0)[::-1], range(-2**63, 2**63 - 1)[::-1], range(-2**63, 2**63 - 1)[::2])
print(range(-2**63, 2**63 - 1)[1:][::-1][:3], range(2**63 - 3, 2**63 - 1)[::-1])
try:
    big[::0]
except ValueError as e:
    print("ValueError", e)

# Equality and hashing compare the sequences, so ranges key dicts.
seen = {range(2**64, 2**70): "a", range(0, 2**64, 2**64): "b", range(2**64, 2**64): "c"}
print(seen[range(2**64, 2**70, 1)], seen[range(1)], seen[range(5, 5)])
print(range(0, 2**64, 2**64) == range(0, 1), range(2**64, 2**65)[:0] == range(0))
print(range(2**64, 2**70) != range(2**64, 2**71), range(2**64, 2**64 + 1, 5) == range(2**64, 2**64 + 2, 7))
print(hash(range(2**64, 2**70)) == hash(range(2**64, 2**70, 1)), hash(range(2**64, 2**70)) == hash(range(2**64, 2**71)))
print(hash(range(-2**63, 2**63 - 1)) == hash(range(-2**63, 2**63 - 1, 1)), range(-2**63, 2**63 - 1) == range(-2**63, 2**63 - 2))

# enumerate's count goes on past 64 bits.
print(list(enumerate("abc", 2**63 - 1)))
print(list(enumerate(range(2**64, 2**64 + 2), 2**63 - 2)))

# Errors with CPython's types.
for args in ((2**64, 2**65, 0), (2.0,), ("1",), (1, 2, 3, 4)):
    try:
        range(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
try:
    list(range(2**64))
except OverflowError as e:
    print("OverflowError", e)
print(isinstance(range(2**64), range), type(range(2**64)) is type(range(3)))
match range(2**64, 2**64 + 2):
    case [a, b]:
        print("pair", a, b)
