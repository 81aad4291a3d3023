"""Toy RSA over an int subclass, then an operator table of slot wrappers
(`list.__imul__`, `int.__pow__`, ...) called the way a plug-in system
calls them: with whatever arguments the configuration gives, so a wrong
count must be a TypeError, never a silently ignored extra argument."""


class Residue(int):
    """A number modulo the key's modulus (an int, with a name)."""

    def __repr__(self):
        return f"Residue({int(self)})"


def make_key(p, q, e):
    n = p * q
    phi = (p - 1) * (q - 1)
    return n, e, pow(e, -1, phi)


n, e, d = make_key(61, 53, 17)
message = [Residue(c) for c in b"conc"]
cipher = [pow(m, e, n) for m in message]
plain = bytes(pow(c, d, n) for c in cipher)
print("key", n, e, d)
print("cipher", cipher)
print("plain", plain)
print("slot pow", int.__pow__(Residue(4), 13, 497), (4).__rpow__(2, 5), (2).__pow__(10, None))

OPERATIONS = {
    "scale": list.__imul__,
    "grow": list.__iadd__,
    "size": list.__len__,
    "store": list.__setitem__,
    "power": int.__pow__,
    "has": list.__contains__,
}

PLAN = [
    ("scale", ([1, 2], 2)),
    ("scale", ([1], 2, 3)),
    ("grow", ([1], [2], [3])),
    ("size", ([1, 2],)),
    ("size", ([1], 0)),
    ("store", ([1, 2], 0, "x")),
    ("store", ([1, 2], 0)),
    ("power", (2, 10)),
    ("power", (2, 10, 1000)),
    ("power", (2, 10, 1000, 7)),
    ("power", (2,)),
    ("has", ([1, 2], 2)),
    ("has", ([1, 2], 2, 3)),
]

for name, args in PLAN:
    try:
        print(name, OPERATIONS[name](*args))
    except TypeError as exc:
        # CPython words some of these with a leading blank.
        print(name, "TypeError:", str(exc).strip())
