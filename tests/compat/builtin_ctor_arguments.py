# How str(), bytes(), bytearray(), complex(), int() and bool() bind their
# arguments: too many, unknown or doubled keywords, the types of
# `encoding` and `errors`, and which combinations mean what.


def attempt(label, make):
    try:
        print(label, "->", repr(make()))
    except (TypeError, ValueError) as e:
        print(label, type(e).__name__ + ":", e)


attempt("str(1, object=2)", lambda: str(1, object=2))
attempt("str(b'ab', 'ascii', 'strict', 4)", lambda: str(b"ab", "ascii", "strict", 4))
attempt("str(1, 2, 3, 4)", lambda: str(1, 2, 3, 4))
attempt("str(y=1)", lambda: str(y=1))
attempt("str(b'ab', encoding='ascii')", lambda: str(b"ab", encoding="ascii"))
attempt("str(b'ab', errors='strict')", lambda: str(b"ab", errors="strict"))
attempt("str(object=b'ab', errors='strict')", lambda: str(object=b"ab", errors="strict"))
attempt("str(object=b'ab')", lambda: str(object=b"ab"))
attempt("str(encoding='ascii')", lambda: str(encoding="ascii"))
attempt("str(errors='strict')", lambda: str(errors="strict"))
attempt("str(b'ab', 5)", lambda: str(b"ab", 5))
attempt("str(b'ab', 'ascii', 5)", lambda: str(b"ab", "ascii", 5))
attempt("str('ab', 'ascii')", lambda: str("ab", "ascii"))
attempt("str(5, 'ascii')", lambda: str(5, "ascii"))
attempt("str(bytearray(b'ab'), 'ascii')", lambda: str(bytearray(b"ab"), "ascii"))
attempt("str(memoryview(b'ab'), 'ascii')", lambda: str(memoryview(b"ab"), "ascii"))
attempt("str(b'\\xe9', 'latin-1')", lambda: str(b"\xe9", "latin-1"))

attempt("bytes(1, 2, 3, 4)", lambda: bytes(1, 2, 3, 4))
attempt("bytes(x=1)", lambda: bytes(x=1))
attempt("bytes(source=b'a')", lambda: bytes(source=b"a"))
attempt("bytes(b'a', source=b'a')", lambda: bytes(b"a", source=b"a"))
attempt("bytes('a', encoding='ascii')", lambda: bytes("a", encoding="ascii"))
attempt("bytes('a', 'ascii', errors='strict')", lambda: bytes("a", "ascii", errors="strict"))
attempt("bytes(5, 'ascii')", lambda: bytes(5, "ascii"))
attempt("bytes(b'a', 'ascii')", lambda: bytes(b"a", "ascii"))
attempt("bytes(b'a', errors='strict')", lambda: bytes(b"a", errors="strict"))
attempt("bytes('a')", lambda: bytes("a"))
attempt("bytes('a', 5)", lambda: bytes("a", 5))
attempt("bytes(encoding='ascii')", lambda: bytes(encoding="ascii"))
attempt("bytes(errors='strict')", lambda: bytes(errors="strict"))
attempt("bytes(1.5)", lambda: bytes(1.5))
attempt("bytes(None)", lambda: bytes(None))
attempt("bytes([1, 2])", lambda: bytes([1, 2]))
attempt("bytes(3)", lambda: bytes(3))

attempt("bytearray(1, 2, 3, 4)", lambda: bytearray(1, 2, 3, 4))
attempt("bytearray(x=1)", lambda: bytearray(x=1))
attempt("bytearray(encoding='ascii')", lambda: bytearray(encoding="ascii"))
attempt("bytearray(errors='strict')", lambda: bytearray(errors="strict"))
attempt("bytearray(5, 'ascii')", lambda: bytearray(5, "ascii"))

attempt("complex(1, 2, 3)", lambda: complex(1, 2, 3))
attempt("complex(x=1)", lambda: complex(x=1))
attempt("complex(real=1, imag=2)", lambda: complex(real=1, imag=2))
attempt("complex(1, real=2)", lambda: complex(1, real=2))
attempt("complex(None)", lambda: complex(None))
attempt("complex([])", lambda: complex([]))
attempt("complex(1, [])", lambda: complex(1, []))
attempt("complex(1, '2')", lambda: complex(1, "2"))

attempt("int(bytearray(b'10'), 2)", lambda: int(bytearray(b"10"), 2))
attempt("int('10', 2**70)", lambda: int("10", 2**70))
attempt("int('10', -2**70)", lambda: int("10", -(2**70)))
attempt("int(b'11', 3)", lambda: int(b"11", 3))

attempt("bool(1, 2)", lambda: bool(1, 2))
attempt("bool(x=1)", lambda: bool(x=1))
attempt("bool([])", lambda: bool([]))


class S(str):
    pass


class B(bytes):
    pass


class C(complex):
    pass


attempt("S(1, 2, 3, 4)", lambda: S(1, 2, 3, 4))
attempt("S(b'ab', errors='strict')", lambda: S(b"ab", errors="strict"))
attempt("B(1, 2, 3, 4)", lambda: B(1, 2, 3, 4))
attempt("B(x=1)", lambda: B(x=1))
attempt("C(1, 2, 3)", lambda: C(1, 2, 3))
attempt("C(imag=2)", lambda: C(imag=2))

# Neighbours: float of a bytearray, slice and reversed arguments, the
# callable of iter(v, w), and the character in an encoding error.
attempt("float(bytearray(b'1.5'))", lambda: float(bytearray(b"1.5")))
attempt("float(bytearray(b'x'))", lambda: float(bytearray(b"x")))
attempt("slice(x=1)", lambda: slice(x=1))
attempt("slice(1, x=1)", lambda: slice(1, x=1))
attempt("reversed()", lambda: reversed())
attempt("reversed([1], 2)", lambda: reversed([1], 2))
attempt("reversed([1], x=2)", lambda: reversed([1], x=2))
attempt("iter(1, 2)", lambda: iter(1, 2))
attempt("list(iter(iter([1, 2, 0]).__next__, 0))", lambda: list(iter(iter([1, 2, 0]).__next__, 0)))
for ch in ("é", "€", "\U0001f600"):
    try:
        ch.encode("ascii")
    except UnicodeEncodeError as e:
        print(e)
try:
    "aé".encode("latin-1"), "a€".encode("latin-1")
except UnicodeEncodeError as e:
    print(e)
