# abc: abstract methods enforced at instantiation, through ABC and ABCMeta.
from abc import ABC, ABCMeta, abstractmethod
import abc
class Shape(ABC):
    @abstractmethod
    def area(self): ...
    @abstractmethod
    def perimeter(self): ...
    def describe(self):
        return "%s with area %s" % (type(self).__name__, self.area())
class Sq(Shape):
    def __init__(self, s): self.s = s
    def area(self): return self.s ** 2
    def perimeter(self): return 4 * self.s
class Half(Shape):
    def area(self): return 1
for cls in (Shape, Half):
    try:
        cls()
    except TypeError as e:
        print("TypeError:", e)
s = Sq(3)
print(s.describe(), s.perimeter(), isinstance(s, Shape))
class Base(metaclass=ABCMeta):
    @abstractmethod
    def run(self): pass
    @property
    @abstractmethod
    def name(self): pass
try:
    Base()
except TypeError as e:
    print("TypeError:", e)
class Impl(Base):
    def run(self): return "ran"
    @property
    def name(self): return "impl"
print(Impl().run(), Impl().name, sorted(Base.__abstractmethods__), Impl.__abstractmethods__)
class Mid(Shape):
    def area(self): return 0
class Leaf(Mid):
    def perimeter(self): return 0
print(Leaf().area(), sorted(Mid.__abstractmethods__))
