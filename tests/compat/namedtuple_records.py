# namedtuple and typing.NamedTuple records are tuples: they index, unpack,
# compare and hash as tuples, serialize as lists, and match class patterns.
import json
from collections import namedtuple
from typing import NamedTuple

Point = namedtuple('Point', 'x y')
Color = namedtuple('Color', ['red', 'green', 'blue'], defaults=[0])


class Employee(NamedTuple):
    name: str
    dept: str = 'eng'
    salary: int = 100

    def raise_by(self, pct):
        return self._replace(salary=self.salary * (100 + pct) // 100)

    def __str__(self):
        return f'{self.name} ({self.dept})'


p = Point(3, 4)
print(p, repr(p), isinstance(p, tuple), p[0], p[-1], p[:1], len(p))
x, y = p
print(x, y, p == (3, 4), (3, 4) == p, hash(p) == hash((3, 4)), p + (5,), p * 2)
print(p._replace(x=10), p._asdict(), Point._fields, Point._make([7, 8]), Point(y=2, x=1))
print(Color(1, 2), Color._field_defaults, sorted([Point(2, 1), Point(1, 5), (1, 2)]))
print({p: 'here'}[(3, 4)], (3, 4) in {p}, list(p), tuple(p), max(p), sum(p), p.index(4), p.count(3))
print(json.dumps({'p': p}), '%s and %s' % p, '{} {}'.format(*p), Point.x.__doc__)
print(type(p).__name__, type(p).__mro__[1].__name__, Point.__doc__, p.__class__ is Point)
try:
    p.x = 5
except AttributeError as e:
    print('AttributeError:', e)
try:
    p.z = 5
except AttributeError as e:
    print('AttributeError:', e)
try:
    Point(1)
except TypeError as e:
    print('TypeError:', e)
try:
    Point._make([1, 2, 3])
except TypeError as e:
    print('TypeError:', e)
try:
    p._replace(z=1)
except ValueError as e:
    print('ValueError:', e)

e = Employee('ann')
print(e, repr(e), e.salary, e.raise_by(10), isinstance(e, tuple), e == ('ann', 'eng', 100))
print(Employee._fields, Employee._field_defaults, Employee.__annotations__ == {'name': str, 'dept': str, 'salary': int})
name, dept, salary = Employee('bob', 'ops', 90)
print(name, dept, salary, Employee._make(['cy', 'hr', 1]), e._asdict())
Pair = NamedTuple('Pair', [('left', int), ('right', int)])
print(Pair(1, 2), Pair(1, 2).right, isinstance(Pair(1, 2), tuple))


class Vector(namedtuple('Vector', 'x y')):
    __slots__ = ()

    @property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)


v = Vector(3, 4) + Vector(1, 1)
print(v, v.norm, Vector(3, 4).norm, isinstance(v, tuple))


def describe(shape):
    match shape:
        case Point(x=0, y=0):
            return 'origin'
        case Point(x, 0):
            return f'on the x axis at {x}'
        case Point(x, y):
            return f'at {x}, {y}'


print(describe(Point(0, 0)), describe(Point(5, 0)), describe(p))
rows = [Employee('a', 'x', 3), Employee('b', 'y', 1), Employee('c', 'x', 2)]
print(sorted(rows, key=lambda r: r.salary)[0].name, [r.name for r in sorted(rows)])
