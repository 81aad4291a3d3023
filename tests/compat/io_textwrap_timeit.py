# io.StringIO/BytesIO, string constants, textwrap, timeit, __future__.
from __future__ import annotations
import __future__
import io, textwrap, string, timeit

s = io.StringIO()
print(s.write("hello\n"), s.write("world\nlast"))
print(s.tell(), repr(s.getvalue()))
s.seek(0)
print(repr(s.readline()), repr(s.read(3)), repr(s.read()))
s.seek(0)
print(list(s))
s.seek(0)
print([line.rstrip() for line in s])
s.seek(6); s.write("WORLD"); print(repr(s.getvalue()))
s.seek(0, 2); print(s.tell())
s.truncate(5); print(repr(s.getvalue()))
s2 = io.StringIO("a\nb\nc")
print(s2.readlines(), s2.read() == "")
print(repr(s2.readline()))
with io.StringIO("ctx") as s3:
    print(s3.read())
print(s3.closed)
try:
    s3.read()
except ValueError as e:
    print("ValueError", e)
try:
    io.StringIO().write(b"x")
except TypeError as e:
    print("TypeError", e)
print(io.StringIO("abc").read(0) == "")

b = io.BytesIO()
b.write(b"abc\ndef")
print(b.getvalue(), b.tell())
b.seek(0)
print(b.readline(), b.read(2), b.read())
b2 = io.BytesIO(b"xyz")
print(b2.read(), b2.read())
print(isinstance(io.StringIO(), io.TextIOBase), io.SEEK_END)
print(print("to buf", file=(buf := io.StringIO())), repr(buf.getvalue()))

print(string.ascii_letters, string.digits, string.hexdigits, string.punctuation)
print(repr(string.whitespace), string.ascii_lowercase, string.ascii_uppercase, string.octdigits)

text = ("The quick brown fox jumps over the lazy dog. " * 4).strip()
print(textwrap.wrap(text, 30))
print(textwrap.fill(text, width=40))
print(textwrap.fill(text, 25, initial_indent="* ", subsequent_indent="  "))
print(textwrap.shorten("Hello  world!  How are you today?", width=20))
print(textwrap.shorten("Hello world", width=11))
print(textwrap.shorten("Hello world and more", width=15, placeholder="..."))
print(repr(textwrap.dedent("""
    def f():
        return 1
      # odd
    """)))
print(repr(textwrap.dedent("  a\n\n  b\n   \n  c")))
print(textwrap.indent("one\ntwo\n\nthree", "> "))
print(textwrap.indent("one\n\ntwo", "+ ", lambda line: True))
print(textwrap.wrap("a-very-long-hyphenated-word here", 10))
print(textwrap.wrap("supercalifragilisticexpialidocious", 10))
print(textwrap.wrap("supercalifragilisticexpialidocious x", 10, break_long_words=False))
print(textwrap.wrap("", 10), textwrap.wrap("   ", 10))
print(textwrap.wrap("tab\there", 20))
print(textwrap.TextWrapper(width=12, max_lines=2).fill("one two three four five six"))

t = timeit.timeit("x = sum(range(10))", number=100)
print(type(t).__name__, t >= 0)
counter = []
t = timeit.timeit(lambda: counter.append(1), number=25)
print(len(counter))
r = timeit.repeat("y = 2 * 3", setup="z = 1", repeat=3, number=10)
print(len(r), all(v >= 0 for v in r))
tm = timeit.Timer("acc.append(k)", setup="k = 7", globals={"acc": counter})
tm.timeit(5)
print(len(counter), counter[-1])
print(callable(timeit.default_timer), timeit.default_timer() > 0)
print(__future__.annotations.compiler_flag, "annotations" in __future__.all_feature_names)
def f(x: SomeUndefinedType) -> AlsoUndefined:
    return x
print(f(3))
