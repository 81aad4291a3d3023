"""functools.cmp_to_key: sorting, min/max, every comparison, .obj, the\nwrapper unhashable, foreign operands, a cmp returning an odd object."""
import functools
def cmp(a, b):
    return (a > b) - (a < b)
K = functools.cmp_to_key(cmp)
print(sorted([3, 1, 2], key=K), sorted("bca", key=functools.cmp_to_key(lambda a, b: ord(b) - ord(a))))
a, b = K(1), K(2)
print(a < b, a <= b, a > b, a >= b, a == b, a != b, a.obj, b.obj)
try:
    hash(a)
except TypeError as e:
    print("TypeError", e)
try:
    {a: 1}
except TypeError as e:
    print("TypeError", e)
print(type(a), type(K) is type(a), type(a).__name__, type(a).__module__)
try:
    a < 5
except TypeError as e:
    print("TypeError", e)
print(max([5, 9, 2], key=K), min(["x", "yy"], key=functools.cmp_to_key(lambda s, t: len(s) - len(t))))
class Weird:
    def __lt__(self, o): return True
    def __gt__(self, o): return False
W = functools.cmp_to_key(lambda a, b: Weird())
print(W(1) < W(2), W(1) > W(2))
try:
    K(1, 2)
except TypeError as e:
    print("TypeError", e)
try:
    sorted([1, "a"], key=K)
except TypeError as e:
    print("TypeError", e)
