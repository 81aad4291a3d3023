# A generator that yields inside an except block keeps the exception it
# handles across the yield (bare raise, sys.exc_info()), while its caller
# sees its own handled exception between resumptions.
import sys
def g():
    try:
        raise ValueError("inner")
    except ValueError:
        yield 1
        print("after yield:", sys.exc_info()[0].__name__)
        yield 2
        raise
it = g()
print(next(it))
print("outside:", sys.exc_info())
try:
    raise KeyError("k")
except KeyError:
    print(next(it))
    print("caller still:", sys.exc_info()[0].__name__)
try:
    next(it)
except ValueError as e:
    print("reraised:", repr(e), repr(e.__context__))
def h():
    try:
        1/0
    except ZeroDivisionError:
        yield
        try:
            raise KeyError
        except KeyError:
            yield
        print("back:", sys.exc_info()[0].__name__)
    print("after handler:", sys.exc_info()[0])
    yield
x = h()
next(x); next(x)
try:
    raise IndexError
except IndexError:
    next(x)
def t():
    try:
        raise ValueError("v")
    except ValueError:
        yield
y = t(); next(y)
try:
    y.throw(TypeError("t"))
except TypeError as e:
    print("throw context:", repr(e.__context__))
