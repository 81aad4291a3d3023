"""itertools.chain and chain.from_iterable: laziness of the outer iterable, exhaustion, a non-iterable member, keywords refused, subclasses."""
import itertools as it
print(list(it.chain([1, 2], "ab", (), range(3))), list(it.chain()))
c = it.chain.from_iterable([[1], [2, 3], []])
print(next(c), list(c), list(c))
def gen():
    print("outer started")
    yield [1]
    yield [2]
lazy = it.chain.from_iterable(gen())
print("made")
print(list(lazy))
try:
    list(it.chain([1], 5))
except TypeError as e:
    print("TypeError", e)
try:
    it.chain(x=1)
except TypeError as e:
    print("TypeError", e)
x = it.chain([1], [2])
print(iter(x) is x, type(x).__name__, isinstance(x, it.chain))
class Sub(it.chain):
    pass
print(list(Sub([1], [2])), list(Sub.from_iterable(["ab", "c"])), type(Sub.from_iterable([])).__name__)
print(sum(it.chain.from_iterable([range(i) for i in range(300)])))
