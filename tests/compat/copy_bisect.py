# copy (shallow, deep with memo and cycles, __copy__/__deepcopy__) and bisect.
import copy, bisect

a = [1, [2, 3], {"k": [4]}]
b = copy.copy(a)
c = copy.deepcopy(a)
a[1].append(99); a[2]["k"].append(5)
print(b, c)
print(b[1] is a[1], c[1] is a[1])

shared = [1]
d = copy.deepcopy({"x": shared, "y": shared})
print(d["x"] is d["y"], d["x"] is shared)

r = [1]; r.append(r)
rc = copy.deepcopy(r)
print(rc[1] is rc, rc[1] is r)

t = (1, 2, (3,))
print(copy.deepcopy(t) is t)
t2 = (1, [2])
t2c = copy.deepcopy(t2)
print(t2c == t2, t2c is t2, t2c[1] is t2[1])

class P:
    def __init__(self, x, tags): self.x = x; self.tags = tags
    def __repr__(self): return "P(%r, %r)" % (self.x, self.tags)
p = P(1, ["a"])
p2 = copy.copy(p); p3 = copy.deepcopy(p)
p.tags.append("b")
print(p2, p3, p2.tags is p.tags, p3.tags is p.tags, type(p3).__name__)

class Custom:
    def __init__(self, v): self.v = v
    def __copy__(self):
        print("__copy__ called")
        return Custom(self.v + 1)
    def __deepcopy__(self, memo):
        print("__deepcopy__ called", type(memo).__name__)
        return Custom(self.v * 10)
print(copy.copy(Custom(1)).v, copy.deepcopy([Custom(2)])[0].v)

s = {1, 2}; s2 = copy.copy(s); s2.add(3); print(sorted(s), sorted(s2))
print(copy.copy(5), copy.deepcopy("str"), copy.copy(None))

class Node:
    def __init__(self): self.peer = None
n1 = Node(); n2 = Node(); n1.peer = n2; n2.peer = n1
m1 = copy.deepcopy(n1)
print(m1.peer.peer is m1, m1 is n1)

xs = [1, 2, 4, 4, 4, 7, 9]
for v in [0, 1, 4, 5, 9, 10]:
    print(v, bisect.bisect_left(xs, v), bisect.bisect_right(xs, v), bisect.bisect(xs, v))
print(bisect.bisect_left(xs, 4, 4), bisect.bisect_right(xs, 4, 0, 3))
ys = []
for v in [5, 1, 4, 1, 9, 2]:
    bisect.insort(ys, v)
print(ys)
recs = [("a", 1), ("b", 3), ("c", 5)]
print(bisect.bisect_left(recs, 3, key=lambda r: r[1]), bisect.bisect_right(recs, 3, key=lambda r: r[1]))
bisect.insort(recs, ("d", 4), key=lambda r: r[1])
bisect.insort_left(recs, ("e", 3), key=lambda r: r[1])
print(recs)
def grade(score, breakpoints=[60, 70, 80, 90], grades='FDCBA'):
    return grades[bisect.bisect(breakpoints, score)]
print([grade(s) for s in [33, 99, 77, 70, 89, 90, 100]])
try:
    bisect.bisect_left(xs, 1, -1)
except ValueError as e:
    print("ValueError", e)
