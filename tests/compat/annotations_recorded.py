# Class and module variable annotations are recorded in __annotations__
# (evaluated, in order; a bare annotation binds no value); function-local
# ones are not evaluated.
import sys

count: int = 3
label: str
print(__annotations__)
print("label" in globals(), count)

class Point:
    """A point."""
    x: float = 0.0
    y: float = 0.0
    tags: list = []
    name: "str"
    if True:
        z: int = 1
    def norm(self) -> float:
        local: UndefinedNameIsFine = 1
        return local

print(Point.__annotations__)
print(list(Point.__annotations__), Point.z, Point().norm())
print(hasattr(Point, "name"))

class Empty:
    pass
print("__annotations__" in Empty.__dict__)

class Child(Point):
    w: bytes = b""
print(Child.__annotations__)

def make():
    T = tuple
    class Inner:
        pair: T = (1, 2)
    return Inner
print(make().__annotations__)
