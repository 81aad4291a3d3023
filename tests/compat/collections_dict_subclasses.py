# defaultdict, Counter and OrderedDict are dict subclasses: isinstance,
# json, dict methods, equality with plain dicts, copies, and classes that
# derive from them in turn.
import copy
import json
from collections import Counter, OrderedDict, defaultdict

index = defaultdict(list)
for n, word in enumerate("the quick brown fox jumps over the lazy dog".split()):
    index[word[0]].append(n)
print(index["t"], index["z"], "z" in index, len(index), isinstance(index, dict), type(index).__name__)
print(json.dumps(index, sort_keys=True), dict(index) == index, index.get("q"), index.get("nope"))
print(sorted(index.items())[:3], index.pop("z"), sorted(index.keys())[:4])
totals = defaultdict(int, {"apples": 2})
totals["pears"] += 3
totals["apples"] += 1
print(totals, totals.copy(), type(totals.copy()).__name__, copy.copy(totals) == totals)
try:
    defaultdict(None)["x"]
except KeyError as e:
    print("KeyError", e)

votes = Counter("abracadabra")
print(votes, votes["z"], votes.most_common(2), votes.total(), isinstance(votes, dict))
votes.update({"a": 2})
votes.subtract("aab")
print(votes["a"], votes["b"], votes + Counter("zz"), votes - Counter(a=10), votes & Counter("aax"))
print(votes | Counter(c=5), sorted(votes.elements())[:4], json.dumps(votes, sort_keys=True))
print(votes == {"a": 5, "b": 1, "r": 2, "c": 1, "d": 1}, dict(votes) == votes, Counter() == {})

recent = OrderedDict()
for page in ["home", "about", "blog", "home", "shop"]:
    recent[page] = recent.get(page, 0) + 1
    recent.move_to_end(page)
print(recent, list(recent), recent.popitem(), recent.popitem(last=False), recent)
print(recent == {"about": 1, "blog": 1}, isinstance(recent, dict), json.dumps(recent))


class LastSeen(OrderedDict):
    """A bounded map that forgets its least recently set key."""

    def __init__(self, limit):
        super().__init__()
        self.limit = limit

    def __setitem__(self, key, value):
        if key in self:
            self.move_to_end(key)
        super().__setitem__(key, value)
        if len(self) > self.limit:
            self.popitem(last=False)


seen = LastSeen(2)
for user, t in [("ann", 1), ("bob", 2), ("ann", 3), ("cid", 4)]:
    seen[user] = t
print(seen, seen.limit, len(seen), "bob" in seen)


class Tally(Counter):
    def top(self):
        return self.most_common(1)[0][0]


t = Tally(["x", "y", "x"])
print(t, t.top(), type(t + Tally("y")).__name__, isinstance(t, Counter), isinstance(t, dict))
