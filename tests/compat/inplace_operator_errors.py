# The TypeError of an augmented assignment names the in-place operator,
# as CPython's does, while the messages specific to a type stay.
def try_update(label, target, op, value):
    env = {'x': target, 'v': value}
    try:
        exec(f'x {op}= v', env)
        print(label, 'ok', env['x'])
    except TypeError as e:
        print(label, 'TypeError:', e)


seen = {1, 2}
for op in ('|', '&', '-', '^'):
    try_update('set', seen, op, [3])
    try_update('set', seen, op, {3})
try_update('frozenset', frozenset({1}), '|', [1])
try_update('dict', {'a': 1}, '|', [('b', 2)])
try_update('dict', {'a': 1}, '|', 5)
for op in ('+', '-', '*', '/', '//', '%', '**', '<<', '>>', '@'):
    try_update('none', None, op, 2)
    try_update('int', 7, op, 'text')
try_update('float', 1.5, '|', 2)
try_update('str', 'abc', '+', 1)
try_update('list', [1], '+', 1)
try_update('list', [1], '*', 'x')
try_update('tuple', (1,), '+', [2])
try_update('bytes', b'a', '+', 'b')


class Counter:
    def __init__(self):
        self.n = 0

    def __iadd__(self, k):
        self.n += k
        return self


c = Counter()
c += 5
print(c.n)
try:
    c -= 1
except TypeError as e:
    print('TypeError:', e)
