# abc's metaclass: type(ABC) is ABCMeta, register() makes virtual
# subclasses (isinstance and issubclass say yes, the MRO does not change),
# __subclasshook__ decides for classes that merely have the methods, and
# abstract methods still block instantiation.
from abc import ABC, ABCMeta, abstractmethod
import abc

print(type(ABC) is ABCMeta, type(ABC).__name__, isinstance(ABC, ABCMeta))


class Serializer(ABC):
    @abstractmethod
    def dumps(self, obj): ...

    @abstractmethod
    def loads(self, text): ...


class JsonLike:
    def dumps(self, obj):
        return repr(obj)

    def loads(self, text):
        return eval(text)


print(isinstance(JsonLike(), Serializer), issubclass(JsonLike, Serializer))
r = Serializer.register(JsonLike)
print(r is JsonLike, isinstance(JsonLike(), Serializer), issubclass(JsonLike, Serializer))
print(Serializer in JsonLike.__mro__, JsonLike.__mro__[-1].__name__)


class FastJson(JsonLike):
    pass


# A subclass of a registered class is a virtual subclass too.
print(issubclass(FastJson, Serializer), isinstance(FastJson(), Serializer))


# register as a class decorator; builtin types can be registered.
@Serializer.register
class Pickle:
    pass


Serializer.register(dict)
print(isinstance(Pickle(), Serializer), isinstance({}, Serializer), isinstance([], Serializer))
print(Serializer.register(JsonLike) is JsonLike)
try:
    Serializer.register(3)
except TypeError as e:
    print("TypeError:", e)


class Sub(Serializer):
    pass


try:
    Serializer.register(Serializer) and Sub.register(Serializer)
except RuntimeError as e:
    print("RuntimeError:", e)


# __subclasshook__: "anything with __len__ and __iter__ is a Sized collection".
class SizedIterable(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is SizedIterable:
            if any("__len__" in k.__dict__ for k in C.__mro__) and \
               any("__iter__" in k.__dict__ for k in C.__mro__):
                return True
            return NotImplemented
        return NotImplemented


class Bag:
    def __init__(self, items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(self.items)


class Box:
    def __len__(self):
        return 1


print(issubclass(Bag, SizedIterable), issubclass(Box, SizedIterable))
print([type(x).__name__ for x in ([1], (2,), "s", 4, Bag([]), Box(), {3}) if isinstance(x, SizedIterable)])


class Never(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        return False


class Child(Never):
    pass


# The hook's False wins even over real inheritance.
print(issubclass(Child, Never), isinstance(Child(), Never))


# Abstract methods: enforcement, the message, and the frozenset.
class Shape(metaclass=ABCMeta):
    @abstractmethod
    def area(self): ...

    @abstractmethod
    def name(self): ...


class Square(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s * self.s


for cls in (Shape, Square):
    try:
        cls(2) if cls is Square else cls()
    except TypeError as e:
        print("TypeError:", e)
print(type(Shape.__abstractmethods__).__name__, sorted(Shape.__abstractmethods__),
      sorted(Square.__abstractmethods__))


class Done(Square):
    def name(self):
        return "square"


d = Done(3)
print(d.area(), d.name(), isinstance(d, Shape), Done.__abstractmethods__ == frozenset())


# A method filled in later, then update_abstractmethods.
Square.name = lambda self: "sq"
abc.update_abstractmethods(Square)
print(Square(4).area(), Square(4).name(), Square.__abstractmethods__)
print(abc.update_abstractmethods(Bag) is Bag, hasattr(Bag, "__abstractmethods__"))
print(isinstance(abc.get_cache_token(), int))
