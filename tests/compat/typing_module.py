# typing: subscripted aliases and their reprs, TypeVar, Generic, NamedTuple
# (class and functional syntax, working records), cast, get_origin/get_args.
from typing import List, Dict, Tuple, Set, Optional, Union, Any, Callable, TypeVar, Generic, NamedTuple, Protocol, Iterable, Iterator, Sequence, Mapping, cast, TYPE_CHECKING, Final, ClassVar, Literal
import typing
print(List[int], Dict[str, int], Tuple[int, ...], Set[str], Optional[int], Union[int, str], Union[int, None])
print(Callable[[int, str], bool], Callable[..., int], Any, Literal["a", 1], Final[int], ClassVar[List[int]])
print(Dict[str, List[int]], Optional[Dict[str, Any]], Iterable[int], Union[int, Union[str, float]])
T = TypeVar("T"); K = TypeVar("K", bound=int)
print(T, K, List[T], List[T][int])
class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item
    def get(self) -> T:
        return self.item
b: Box[int] = Box(3)
print(b.get(), Box[int])
def first(xs: List[T]) -> Optional[T]:
    return xs[0] if xs else None
print(first([4, 5]), first([]), cast(int, "x"), TYPE_CHECKING)
class Point(NamedTuple):
    x: int
    y: int = 0
    def dist(self) -> int:
        return abs(self.x) + abs(self.y)
p = Point(3, -4)
print(p, p.x, p[1], p.dist(), Point(1), p._asdict(), p._replace(y=9), Point._fields, len(p))
x, y = p
print(x, y, p == Point(3, -4), Point._field_defaults)
Emp = NamedTuple("Emp", [("name", str), ("id", int)])
e = Emp("ann", 7)
print(e, e.name, Emp._make(["bo", 2]))
try:
    p.x = 5
except AttributeError as err:
    print("AttributeError")
class Greeter(Protocol):
    def greet(self) -> str: ...
print(typing.get_origin(List[int]) is list, typing.get_args(Dict[str, int]), typing.get_args(int))
def f(a: int, b: "str" = "x") -> List[int]:
    return [a]
print(f(1))
print(List[int] == List[int], Optional[int] == Union[int, None])
UserId = typing.NewType("UserId", int)
print(UserId(5))
