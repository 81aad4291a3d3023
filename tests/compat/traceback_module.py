# traceback: format_exc / print_exc / format_exception / print_exception,
# checked on the parts that do not depend on 3.11's caret lines.
import io
import sys
import traceback

def inner(x):
    return 10 // x

def outer():
    return inner(0)

try:
    outer()
except ZeroDivisionError:
    text = traceback.format_exc()
lines = text.splitlines()
print(lines[0])
print(lines[-1])
print([l.strip() for l in lines if l.strip().startswith("File")][-2:] != [], "in outer" in text, "in inner" in text)
print(text.count('File "'), text.endswith("\n"))

buf = io.StringIO()
try:
    raise ValueError("bad value")
except ValueError:
    traceback.print_exc(file=buf)
print(buf.getvalue().splitlines()[-1])

try:
    raise KeyError("k")
except KeyError as e:
    exc = e
parts = traceback.format_exception(exc)
print(type(parts).__name__, parts[0], parts[-1], end="")
print(traceback.format_exception_only(exc))
print(traceback.format_exception(type(exc), exc, exc.__traceback__)[-1], end="")
buf = io.StringIO()
traceback.print_exception(exc, file=buf)
print(buf.getvalue().splitlines()[-1])

try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    chained = "".join(traceback.format_exception(e))
print("direct cause" in chained, chained.splitlines()[-1])
print(chained.index("ZeroDivisionError") < chained.index("RuntimeError: wrapped"))

class MyError(Exception):
    pass
try:
    raise MyError()
except MyError:
    print(traceback.format_exc().splitlines()[-1])
try:
    raise MyError("with", "args")
except MyError as e:
    print(traceback.format_exception_only(type(e), e))

tb = exc.__traceback__
frames = traceback.extract_tb(tb)
print(len(frames), frames[-1].name, frames[-1].lineno > 0, frames[-1].line)
print(traceback.format_exc() if sys.exc_info()[0] else "no current exception")
