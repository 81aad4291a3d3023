# Subclasses of list: a validated list that checks every item added, a
# bounded history, a stack, and overrides of __eq__, __len__, __iter__,
# __contains__ and __repr__ that the builtin operations must respect.


class IntList(list):
    """A list that accepts ints only, however items arrive."""

    def __init__(self, items=()):
        super().__init__(self._check(x) for x in items)

    @staticmethod
    def _check(x):
        if not isinstance(x, int) or isinstance(x, bool):
            raise TypeError(f"IntList items must be int, not {type(x).__name__}")
        return x

    def append(self, x):
        super().append(self._check(x))

    def insert(self, i, x):
        super().insert(i, self._check(x))

    def extend(self, xs):
        super().extend(self._check(x) for x in xs)

    def __setitem__(self, i, x):
        super().__setitem__(i, self._check(x))


nums = IntList([3, 1, 2])
nums.append(5)
nums.insert(0, 9)
nums.extend([7, 8])
nums[1] = 4
print(nums, len(nums), nums[0], nums[-1], nums[2:4], type(nums[2:4]).__name__)
for bad in ("x", 1.5, True):
    try:
        nums.append(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    IntList([1, None])
except TypeError as e:
    print("TypeError:", e)
nums.sort()
print(nums, sorted(nums, reverse=True), sum(nums), min(nums), max(nums), 5 in nums)
print(nums.index(5), nums.count(4), nums.pop(), nums.pop(0), nums, list(reversed(nums)))
print(nums + [100], type(nums + [100]).__name__, [0] + nums, nums * 2, nums == [2, 3, 4, 5, 7])
nums += [6]
print(nums, type(nums).__name__, isinstance(nums, list), bool(nums), bool(IntList()))
print(", ".join(str(n) for n in nums), [n * n for n in nums if n % 2], list(map(str, nums)))
del nums[0]
nums.remove(7)
print(nums, nums[::2], tuple(nums), set(nums) == {3, 4, 5, 6})


class History(list):
    """Keeps the last `limit` entries, dropping the oldest."""

    def __init__(self, limit):
        super().__init__()
        self.limit = limit

    def append(self, entry):
        super().append(entry)
        if len(self) > self.limit:
            del self[0]

    def __repr__(self):
        return f"History({self.limit}, {list.__repr__(self)})"


hist = History(3)
for cmd in ["ls", "cd /tmp", "make", "make test", "git status"]:
    hist.append(cmd)
print(hist, len(hist), hist[0], hist.limit, str(hist), [hist])
print("make" in hist, "ls" in hist, hist.copy(), type(hist.copy()).__name__)


class Stack(list):
    def push(self, x):
        self.append(x)

    def peek(self):
        if not self:
            raise IndexError("peek from empty stack")
        return self[-1]


def balanced(text):
    pairs = {")": "(", "]": "[", "}": "{"}
    st = Stack()
    for ch in text:
        if ch in "([{":
            st.push(ch)
        elif ch in pairs:
            if not st or st.pop() != pairs[ch]:
                return False
    return not st


for text in ["(a[b]{c})", "(]", "((", "{[()()]}"]:
    print(text, balanced(text))
st = Stack([1, 2])
print(st.peek(), st, len(st))
try:
    Stack().peek()
except IndexError as e:
    print("IndexError:", e)


class Row(list):
    """A row compared and hashed by its first column only."""

    def __eq__(self, other):
        return isinstance(other, Row) and self[0] == other[0]

    def __hash__(self):
        return hash(self[0])

    def __len__(self):
        return 99

    def __contains__(self, x):
        return x == "anything"


a, b = Row([1, "a"]), Row([1, "b"])
print(a == b, a != b, a == [1, "a"], len({a, b}), len(a), "anything" in a, "a" in a)
print(list(a), [x for x in a], list.__len__(a), a.index("a"))


class Evens(list):
    def __iter__(self):
        return (x for i, x in enumerate(list.__iter__(self)) if i % 2 == 0)


ev = Evens("abcde")
print(list(ev), sorted(ev), ev[1], list.__repr__(ev), ev)
