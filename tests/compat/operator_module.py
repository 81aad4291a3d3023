# The operator module as report and reduce code uses it: sort keys with
# itemgetter/attrgetter (single, several, dotted), reduce over the
# arithmetic operators, in-place operators on mutable and immutable
# values, comparisons as functions, and the errors of misuse.
import functools
import operator
from collections import namedtuple


class Address:
    def __init__(self, city, zip_code):
        self.city = city
        self.zip_code = zip_code


class Customer:
    def __init__(self, name, age, city, zip_code):
        self.name = name
        self.age = age
        self.address = Address(city, zip_code)

    def __repr__(self):
        return f"Customer({self.name!r}, {self.age})"


customers = [
    Customer("ana", 34, "Lisbon", "1000"),
    Customer("bo", 27, "Oslo", "0150"),
    Customer("cy", 34, "Austin", "73301"),
    Customer("di", 19, "Oslo", "0151"),
]
print(sorted(customers, key=operator.attrgetter("age")))
print(sorted(customers, key=operator.attrgetter("age", "name"), reverse=True))
print([c.name for c in sorted(customers, key=operator.attrgetter("address.city", "name"))])
print(operator.attrgetter("address.zip_code")(customers[2]))
print(operator.attrgetter("name", "address.city")(customers[0]))

rows = [("eng", 120, "zed"), ("ops", 90, "amy"), ("eng", 95, "bob"), ("hr", 90, "cat")]
print(sorted(rows, key=operator.itemgetter(1)))
print(sorted(rows, key=operator.itemgetter(0, 1)))
print(operator.itemgetter(slice(1, None))(rows[0]))
print(operator.itemgetter("b", "a")({"a": 1, "b": 2}))
print(list(map(operator.itemgetter(-1), rows)))
print(repr(operator.itemgetter(2, 0)), repr(operator.attrgetter("a", "b.c")))

print(functools.reduce(operator.mul, range(1, 21)))
print(functools.reduce(operator.add, ["con", "c", "!"]))
print(functools.reduce(operator.xor, [5, 9, 12, 7]))
print(operator.truediv(7, 2), operator.floordiv(7, 2), operator.mod(-7, 3), operator.pow(2, 100))
print(operator.neg(5), operator.pos(-5), operator.invert(5), operator.inv(0), operator.not_([]))
print(operator.truth("x"), operator.abs(-3.5), operator.index(7))
print(operator.lshift(1, 70), operator.rshift(1 << 70, 68), operator.and_(12, 10), operator.or_(12, 10))
print(operator.lt(1, 2), operator.le(2, 2), operator.eq("a", "a"), operator.ne(1, 1.0),
      operator.ge([1, 2], [1]), operator.gt((1,), (1, 0)))
print(operator.is_(None, None), operator.is_not(None, 0))
print(operator.contains([1, 2, 3], 2), operator.contains("hello", "ell"))
print(operator.concat([1], [2]), operator.concat("a", "b"))
print(operator.countOf([1, 2, 1, 1], 1), operator.indexOf("abc", "c"))

items = [1, 2]
same = operator.iadd(items, [3])
print(same is items, items)
t = (1,)
print(operator.iadd(t, (2,)), t)
print(operator.imul([0], 3), operator.isub(10, 4), operator.ior({1}, {2}))

d = {}
operator.setitem(d, "k", 1)
operator.setitem(d, "j", 2)
operator.delitem(d, "k")
print(d, operator.getitem(d, "j"))

Point = namedtuple("Point", "x y")
pts = [Point(3, 1), Point(1, 2), Point(2, 0)]
print(sorted(pts, key=operator.attrgetter("y")))
print(max(pts, key=operator.itemgetter(0)))

print(operator.methodcaller("split", ",")("a,b,c"))
print(operator.methodcaller("replace", "a", "o", 1)("banana"))

for bad in [
    lambda: operator.itemgetter(),
    lambda: operator.attrgetter(),
    lambda: operator.attrgetter(1),
    lambda: operator.add(1),
    lambda: operator.add(1, "a"),
    lambda: operator.concat(1, 2),
    lambda: operator.attrgetter("nope")(customers[0]),
    lambda: operator.itemgetter(9)(rows),
    lambda: operator.itemgetter(0)(rows[0], rows[1]),
]:
    try:
        print("no error", bad())
    except (TypeError, AttributeError, IndexError) as e:
        print(type(e).__name__, e)

for bad in [lambda: operator.neg(), lambda: operator.setitem({}, 1), lambda: operator.add(a=1, b=2)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)

# The names in the messages are the module's own, underscores kept.
for f in [operator.and_, operator.is_, operator.mod, operator.not_, operator.or_]:
    try:
        f()
    except TypeError as e:
        print("TypeError", e)
print(hasattr(operator, "mod"), hasattr(operator, "mod_"))
