# list.sort() with a key that changes the list: ValueError, the sorted
# items stay and what was added meanwhile is dropped (never lost silently).
l = [3, 1, 2]
def k(x):
    l.append(x)
    return x
try:
    l.sort(key=k)
    print("no error", l)
except ValueError as e:
    print("ValueError:", e, l)
m = [5, 4, 3]
def k2(x):
    m.append(1); m.pop()
    return x
try:
    m.sort(key=k2)
except ValueError as e:
    print("ValueError:", e, m)
n = [2, 1]
n.sort(key=lambda x: len(n))
print(n)
def bad(x):
    n.append(0)
    raise KeyError(x)
try:
    n.sort(key=bad)
except KeyError as e:
    print("KeyError", e, n)
