"""Builtin subclasses on the right of an operator and as dict keys: the
reflected method of a subclass wins, and keys with their own equality are
found the way CPython finds them."""


class Template(str):
    """A format string that fills itself in from the right of `%`."""

    def __rmod__(self, other):
        return f'Template.__rmod__({other!r}, {str(self)!r})'


class Money(int):
    def __radd__(self, other):
        return Money(int(other) + int(self))

    def __rsub__(self, other):
        return Money(int(other) - int(self))

    def __rmul__(self, other):
        return f'{other} x Money({int(self)})'

    def __repr__(self):
        return f'Money({int(self)})'


class Tags(list):
    def __radd__(self, other):
        return Tags(list(other) + list(self))

    def __repr__(self):
        return f'Tags({list(self)!r})'


class Flags(frozenset):
    def __ror__(self, other):
        return Flags(set(other) | set(self))

    def __repr__(self):
        return f'Flags({sorted(self)!r})'


class Ratio(float):
    def __rtruediv__(self, other):
        return 'reflected first'


print('%s' % Template('x'))
print('value: %s' % 'plain')
print(10 + Money(5), 10 - Money(3), 3 * Money(2))
print([1] + Tags([2, 3]), (0,) + (1,))
print(frozenset({1}) | Flags({2}), {0} | Flags({3}))
print(1.0 / Ratio(2.0), 1 / Ratio(4.0))


class Plain(int):
    pass


print(10 + Plain(5), type(10 + Plain(5)).__name__, 'ab' * Plain(2))


class CaseInsensitive(str):
    def __eq__(self, other):
        return self.lower() == str(other).lower()

    def __hash__(self):
        return hash(self.lower())


headers = {CaseInsensitive('Content-Type'): 'text/plain'}
print(headers['content-type'], 'content-type' in headers, 'CONTENT-TYPE' in headers)
headers['content-type'] = 'text/html'
print(len(headers), list(headers.values()), headers.get('content-type'))
del headers['content-type']
print(len(headers), headers.pop('content-type', 'gone'))

seen = {CaseInsensitive('Alpha')}
print('alpha' in seen, 'beta' in seen)
seen.add('alpha')
seen.discard('alpha')
print(len(seen))


class Version(tuple):
    def __eq__(self, other):
        return tuple(self)[:2] == tuple(other)[:2]

    def __hash__(self):
        return hash(tuple(self)[:2])


releases = {Version((1, 2, 3)): 'stable'}
print(releases[(1, 2)], (1, 2, 9) in releases, releases.get((1, 3)))


class Code(int):
    def __eq__(self, other):
        return int(self) % 100 == int(other) % 100

    def __hash__(self):
        return hash(int(self) % 100)


codes = {Code(404): 'not found'}
print(codes[4] if 4 in codes else 'no 4', codes.get(404), codes.get(1404, 'none'))
try:
    print({Code(7): 1}[8])
except KeyError as e:
    print('KeyError', e)
print(1.5 + Money(5), Money(5) + 1.5, 2 * Tags([1]), (0,) + Tags([2]))
