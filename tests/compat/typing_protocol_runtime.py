# typing.Protocol: runtime_checkable protocols checked structurally by
# isinstance/issubclass (through the protocol's metaclass), the errors for
# unchecked and data protocols, and protocols that cannot be instantiated.
from typing import Protocol, runtime_checkable, Iterable
import io

@runtime_checkable
class Closeable(Protocol):
    def close(self) -> None: ...

@runtime_checkable
class Named(Protocol):
    name: str

class Greeter(Protocol):
    def greet(self) -> str: ...

class File:
    def close(self): print("closed")

class Thing:
    name = "thing"

class Blocked:
    close = None

class Explicit(Closeable):
    pass

class WithName:
    def __init__(self): self.name = "n"

print(isinstance(File(), Closeable), isinstance(Thing(), Closeable), isinstance(Blocked(), Closeable))
print(isinstance(io.StringIO(), Closeable), isinstance(Explicit(), Closeable))
print(issubclass(File, Closeable), issubclass(int, Closeable), issubclass(Explicit, Closeable))
print(isinstance(Thing(), Named), isinstance(WithName(), Named), isinstance(File(), Named))
for bad in (lambda: isinstance(File(), Greeter), lambda: issubclass(Thing, Named),
            lambda: issubclass(File, Greeter), lambda: Closeable(), lambda: runtime_checkable(File)):
    try:
        print(bad())
    except TypeError as e:
        print("TypeError:", e)
print(type(Closeable).__name__, Closeable._is_protocol, Explicit._is_protocol)
e = Explicit()
e.close = lambda: "explicit"
print(e.close())
class Impl(Greeter):
    def __init__(self, who): self.who = who
    def greet(self): return "hi " + self.who
print(Impl("bob").greet(), isinstance(Impl("x"), Impl))
def shut(things):
    return [type(t).__name__ for t in things if isinstance(t, Closeable)]
print(shut([File(), Thing(), 3, io.StringIO(), Explicit()]))
