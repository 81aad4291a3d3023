"""functools.partial (flattening, keywords merged and overridden, func/args/keywords, repr, errors, as a class attribute) and reduce."""
import functools, operator
def f(a, b, c=1, *, d=0):
    return (a, b, c, d)
p = functools.partial(f, 1, c=5)
print(p(2), p(2, c=7), p(2, d=9), p.func is f, p.args, p.keywords)
q = functools.partial(p, 3, d=4)
print(q(), q.func is f, q.args, q.keywords, repr(q).startswith("functools.partial(<function f"))
print(repr(functools.partial(operator.add, 1)), functools.partial(max, key=len)(["a", "bbb", "cc"]))
try:
    functools.partial(5)
except TypeError as e:
    print("TypeError", e)
try:
    functools.partial()
except TypeError as e:
    print("TypeError", e)
try:
    p()
except TypeError as e:
    print("TypeError", e)
print(functools.reduce(operator.add, range(10)), functools.reduce(operator.mul, [], 1),
      functools.reduce(lambda a, b: a + [b], "abc", []))
try:
    functools.reduce(operator.add, [])
except TypeError as e:
    print("TypeError", e)
try:
    functools.reduce(operator.add, 5)
except TypeError as e:
    print("TypeError", e)
class C:
    m = functools.partial(f, 0)
print(C.m(1), isinstance(p, functools.partial))
p.extra = 1
print(p.extra)
