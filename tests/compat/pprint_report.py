# A pretty-printed inventory report: nested dicts, lists, tuples, sets,
# long strings and bytes wrapped by pprint at several widths, with
# sort_dicts, indent, depth and compact.
import pprint
from collections import OrderedDict, defaultdict, Counter, deque
from dataclasses import dataclass, field


@dataclass
class Item:
    sku: str
    name: str
    tags: list = field(default_factory=list)
    stock: int = 0


def main():
    inventory = {
        "warehouse": "north",
        "updated": (2024, 3, 1),
        "items": [
            {"sku": "A-100", "name": "widget", "price": 2.5, "tags": ["metal", "small"], "stock": 120},
            {"sku": "B-220", "name": "gadget", "price": 12.75, "tags": [], "stock": 0},
            {"sku": "C-310", "name": "doohickey with a rather long descriptive name", "price": 0.99,
             "tags": ["plastic", "bulk", "clearance", "fragile"], "stock": 9000},
        ],
        "suppliers": {"acme": {"country": "US", "rating": 4}, "globex": {"country": "DE", "rating": 5}},
        "zones": {3, 1, 2},
        "empty": {},
        "notes": "Counts are taken at the end of each day and reconciled weekly against the ledger. " * 2,
        "blob": bytes(range(40)),
    }
    pprint.pprint(inventory)
    print("--- width=50, indent=2, sort_dicts=False")
    pprint.pprint(inventory["items"], width=50, indent=2, sort_dicts=False)
    print("--- depth=2")
    pprint.pprint(inventory, depth=2)
    print("--- compact")
    pprint.pprint(list(range(60)), compact=True)
    pprint.pprint(list(range(30)), width=40)
    print("--- pformat / saferepr")
    text = pprint.pformat(inventory["suppliers"], width=30)
    print(text)
    print(len(text.splitlines()), "lines")
    recursive = [1, 2]
    recursive.append(recursive)
    print(pprint.saferepr(recursive).startswith("[1, 2, <Recursion on list with id="),
          pprint.isrecursive(recursive), pprint.isreadable(recursive))
    print(pprint.isreadable({"a": [1, 2.0, None]}), pprint.saferepr({"b": 1, "a": (1,)}))
    print("--- collections")
    pprint.pprint(OrderedDict((f"key{i}", i * i) for i in range(8)), width=60)
    counts = Counter("the quick brown fox jumps over the lazy dog".split("o"))
    pprint.pprint(counts, width=40)
    dd = defaultdict(list)
    for word in ["apple", "avocado", "banana", "blueberry", "cherry", "cranberry", "currant"]:
        dd[word[0]].append(word)
    pprint.pprint(dd, width=40)
    pprint.pprint(deque(range(25), maxlen=30), width=40)
    print("--- dataclasses and tuples")
    items = [Item("A-100", "widget", ["metal", "small"], 120), Item("B-220", "gadget with a very long name indeed")]
    pprint.pprint(items, width=60)
    pprint.pprint(tuple(f"word{i}" for i in range(12)), width=50)
    pprint.pprint({"long": "x" * 30 + " " + "y" * 30 + " " + "z" * 30}, width=40)
    pp = pprint.PrettyPrinter(indent=4, width=30)
    pp.pprint({"numbers": [10**10, 2**40, -1], "flags": [True, False, None]})
    pprint.pp({"b": 2, "a": 1})
    print(pprint.pformat({"n": 1234567, "m": [1_000_000]}, underscore_numbers=True))


main()
