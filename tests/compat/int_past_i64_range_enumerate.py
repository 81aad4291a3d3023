# Integers past i64 in enumerate and range: big-int results, never wrapped.
print(list(enumerate("ab", 2**63 - 1)))
print(list(enumerate("abc", 2**63 - 2)))
print(list(enumerate("ab", -2**63 - 1)))
print(list(enumerate("ab", start=2**70)))
r = range(-2**63, 2**63 - 1)
try:
    print(len(r))
except OverflowError as e:
    print("OverflowError", e)
print(r[2**63 - 1], r[-1], r[0], r[-2**63])
print(r.index(2**63 - 2), r.index(0), r.index(-2**63))
it = reversed(r); print(next(it), next(it))
it = iter(r); print(next(it), next(it))
print(r.count(5), 5 in r, 2**63 - 1 in r)
print(len(range(0, 2**63-1, 2**62)), list(range(0, 2**63-1, 2**62)))
r2 = range(2**63 - 3, 2**63 - 1)
print(list(r2), list(reversed(r2)), r2[1:], r2[::-1])
