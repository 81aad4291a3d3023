# Validating and summarizing JSON-like records by their shape with
# mapping patterns, nested sequences and class patterns of builtins.
import json

records = json.loads("""
[
  {"type": "user", "name": "ada", "age": 36, "tags": ["admin", "ops"]},
  {"type": "user", "name": "bob", "age": "unknown"},
  {"type": "order", "id": 17, "items": [{"sku": "A1", "qty": 2}, {"sku": "B2", "qty": 1}]},
  {"type": "order", "id": 18, "items": []},
  {"type": "point", "coords": [1.5, -2.0]},
  {"type": "point", "coords": [0, 0, 7]},
  {"type": "event", "at": 1700000000, "payload": {"kind": "click", "x": 10, "y": 20, "extra": true}},
  {"type": "event", "at": 1700000001, "payload": {"kind": "key", "key": "q"}},
  {"type": "event", "at": 1700000002, "payload": null},
  {"id": 99},
  [1, 2, 3],
  "just a string",
  42,
  null,
  true
]
""")


def describe(rec):
    match rec:
        case {"type": "user", "name": str(name), "age": int(age), **rest}:
            extra = f" +{sorted(rest)}" if rest else ""
            return f"user {name} aged {age}{extra}"
        case {"type": "user", "name": name}:
            return f"user {name} with a bad record"
        case {"type": "order", "id": oid, "items": []}:
            return f"order {oid} is empty"
        case {"type": "order", "id": oid, "items": [*items]}:
            total = 0
            for item in items:
                match item:
                    case {"sku": sku, "qty": int(q)} if q > 0:
                        total += q
            return f"order {oid}: {len(items)} lines, {total} units"
        case {"type": "point", "coords": [float(x) | int(x), float(y) | int(y)]}:
            return f"2d point ({x}, {y})"
        case {"type": "point", "coords": [x, y, z]}:
            return f"3d point ({x}, {y}, {z})"
        case {"type": "event", "payload": {"kind": "click", "x": x, "y": y, **more}}:
            return f"click at {x},{y} (more: {more})"
        case {"type": "event", "payload": {"kind": kind}}:
            return f"event of kind {kind}"
        case {"type": "event", "payload": None}:
            return "event without payload"
        case {"type": t}:
            return f"unknown type {t}"
        case {}:
            return f"record without type: {sorted(rec)}"
        case [*values] if all(isinstance(v, int) for v in values):
            return f"int list summing to {sum(values)}"
        case str() as s:
            return f"a string of length {len(s)}"
        case True | False as flag:
            return f"flag {flag}"
        case int(n):
            return f"number {n}"
        case None:
            return "null"


for r in records:
    print(describe(r))


# A mapping pattern needs only the keys it names; `**rest` collects the rest
# into a new dict and leaves the subject alone.
config = {"host": "localhost", "port": 8080, "debug": False, "workers": 4}
match config:
    case {"host": host, "port": int(port), **options}:
        print(host, port, sorted(options.items()))
        options["changed"] = 1
print(sorted(config))

# Keys may be dotted names (value patterns) as well as literals.
class Keys:
    NAME = "name"
    SIZE = "size"

for entry in [{"name": "a.txt", "size": 10}, {"name": "b.txt"}, {"size": 3}]:
    match entry:
        case {Keys.NAME: n, Keys.SIZE: s}:
            print(f"{n}: {s} bytes")
        case {Keys.NAME: n}:
            print(f"{n}: size unknown")
        case _:
            print("nameless entry")

# Dicts are not sequences, strings are not sequences, tuples are.
for subject in [{"a": 1}, "xy", ("x", "y"), b"xy", range(2)]:
    match subject:
        case [a, b]:
            print("sequence of two:", a, b)
        case {"a": v}:
            print("mapping with a =", v)
        case _:
            print("neither:", type(subject).__name__)
