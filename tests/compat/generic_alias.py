# PEP 585 generic aliases: subscripting list, dict, tuple, type, the
# collections and the collections.abc ABCs makes a types.GenericAlias with
# CPython's repr, __origin__/__args__/__parameters__, equality and hash;
# calling one builds its origin, isinstance refuses one, `|` makes a
# types.UnionType, a class may derive from one (__mro_entries__), type
# variables substitute, and typing's own aliases keep their reprs.
import collections, collections.abc, queue, types, typing
from typing import TypeVar, List

print(list[int], dict[str, int], tuple[int, ...], type[int], tuple[()], list[()])
print(dict[str, list[int]], list[dict[str, tuple[int, ...]]], list[None], list[type(None)])
print(collections.deque[int], collections.abc.Sequence[int], collections.OrderedDict[str, int])
print(collections.defaultdict[str, list], collections.Counter[str], queue.Queue[int])
print(collections.abc.Callable[[int, str], bool], collections.abc.Callable[..., int])
print(collections.abc.Callable[[int], str].__args__)
print(type(list[int]), type(list[int]) is types.GenericAlias, type(int | None) is types.UnionType)
a = list[int]
print(a.__origin__, a.__args__, a.__parameters__, dict[str, int].__args__)
print(a == list[int], a != list[str], a == list, hash(a) == hash(list[int]), {a: 1}[list[int]])
print(a() == [], list[int]([1, 2]), dict[str, int](x=1), a.__name__, a.append is list.append)
for check in (lambda: isinstance([], list[int]), lambda: issubclass(list, list[int])):
    try:
        check()
    except TypeError as e:
        print("TypeError:", e)
print(list[int] | None, int | list[int], None | dict[str, int], list[int] | dict[str, int] | None)
print(type(list[int] | None), (list[int] | None).__args__)
print(isinstance([], list | None), isinstance(3, list | None))
try:
    isinstance(3, int | list[int])
except TypeError as e:
    print("TypeError:", e)
T = TypeVar('T')
lt = list[T]
print(lt, lt.__parameters__, lt[int], dict[str, T][bytes], dict[T, list[T]].__parameters__)
try:
    list[int][str]
except TypeError as e:
    print("TypeError:", e)
try:
    dict[T, int][str, int]
except TypeError as e:
    print("TypeError:", e)
for bad in (int, str, float):
    try:
        bad[int]
    except TypeError as e:
        print("TypeError:", e)
print(typing.get_origin(list[int]), typing.get_args(dict[str, int]), typing.get_origin(int | str))
print(typing.get_args(collections.abc.Callable[[int], str]), typing.get_args(list[int] | None))
print(List[int], typing.Dict[str, List[int]], typing.Optional[list[int]], List[int] == list[int])
print(types.GenericAlias(list, int), types.GenericAlias(dict, (str, int)) == dict[str, int])


class MyList(list[int]):
    pass


class Pair(dict[str, int], collections.abc.MutableMapping):
    pass


print(MyList.__bases__, MyList.__orig_bases__, MyList([3]), MyList[str])
print(Pair.__bases__[0].__name__, Pair.__orig_bases__[0], issubclass(Pair, dict))
print(types.resolve_bases((list[int], object)), types.resolve_bases((int,)))


class Box:
    def __class_getitem__(cls, item):
        return f"{cls.__name__} of {item!r}"


class Reg:
    __class_getitem__ = classmethod(types.GenericAlias)


print(Box[int], Box["x", 1], Reg[int], type(Reg[int]).__name__)


class Sub(Box):
    pass


print(Sub[str])
print(repr(list[int]), str(dict[str, int]), f"{tuple[int, str]}")


def f(xs: list[int], m: dict[str, list[float]] = None) -> tuple[int, ...]:
    return tuple(xs)


print(f.__annotations__)
print(sorted({list[int], list[int], list[str]}, key=repr))

# `...` is one object: aliases over it compare equal.
x = ...
print(x is ..., (1, ...)[1] is Ellipsis, tuple[int, ...] == tuple[int, ...],
      hash(tuple[int, ...]) == hash(tuple[int, ...]))

# A list among the arguments shows as a list; Callable's own repr names
# classes, and keeps None.
print(list[[int, str]], collections.abc.Callable[[collections.OrderedDict, list[int]], None])
print(types.SimpleNamespace(a=1, b='x'), types.SimpleNamespace(a=1) == types.SimpleNamespace(a=1))
