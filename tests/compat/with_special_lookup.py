# `with` looks __enter__ and __exit__ up on the manager's type, as CPython's
# special-method look-up does: instance attributes do not count, any
# descriptor on the class does, and the errors name what is missing.
import threading


class Manager:
    def __enter__(self):
        print("enter", type(self).__name__)
        return "value"

    def __exit__(self, kind, exc, tb):
        print("exit", kind.__name__ if kind else None)
        return kind is KeyError


with Manager() as v:
    print("body", v)

with Manager():
    raise KeyError("suppressed")
print("after suppressed")

m = Manager()
m.__enter__ = lambda: "instance attribute"
with m as v:
    print("still the class's:", v)


class NoEnter:
    def __exit__(self, *a):
        pass


class NoExit:
    def __enter__(self):
        return self


for cls in (NoEnter, NoExit):
    obj = cls()
    obj.__enter__ = lambda: None
    obj.__exit__ = lambda *a: None
    try:
        with obj:
            pass
    except TypeError as e:
        print("TypeError:", e)


class Static:
    @staticmethod
    def __enter__():
        print("static enter")

    @classmethod
    def __exit__(cls, *a):
        print("classmethod exit on", cls.__name__)


with Static():
    pass


class Sub(Manager):
    pass


with Sub() as v:
    print("inherited", v)

lock = threading.Lock()
with lock:
    print("locked:", lock.locked())
print("released:", lock.locked())

# A class as a context manager uses its metaclass's methods.
class Meta(type):
    def __enter__(cls):
        print("meta enter", cls.__name__)
        return cls

    def __exit__(cls, *a):
        print("meta exit", cls.__name__)


class K(metaclass=Meta):
    pass


with K as k:
    print("got", k.__name__)
