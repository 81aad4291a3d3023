# bytearray as a mutable buffer: building packets, editing in place, and
# the bytes methods it shares.


def attempt(what, action):
    try:
        result = action()
    except Exception as e:
        print(f"{what}: {type(e).__name__}: {e}")
    else:
        print(f"{what}: {result!r}")


print(bytearray(), bytearray(3), bytearray(b"abc"), bytearray([65, 66, 67]))
print(bytearray("héllo", "utf-8"), bytearray(range(5)), bytearray(bytearray(b"xy")))
attempt("str without encoding", lambda: bytearray("abc"))
attempt("negative size", lambda: bytearray(-1))
attempt("big item", lambda: bytearray([1, 300]))
attempt("str item", lambda: bytearray(["a"]))
attempt("float", lambda: bytearray(1.5))
attempt("encoding without str", lambda: bytearray(b"x", "utf-8"))

buf = bytearray(b"hello world")
print(len(buf), buf[0], buf[-1], buf[1:5], buf[::2], buf[::-1])
buf[0] = ord("H")
buf[6:11] = b"there"
print(buf)
buf[5:6] = b", "
print(buf, len(buf))
buf[0:0] = bytearray(b">> ")
print(buf)
buf[::2] = bytes(len(buf[::2]))
print(buf)
attempt("byte too big", lambda: buf.__setitem__(0, 256))
attempt("index out of range", lambda: buf[100])
attempt("assign out of range", lambda: buf.__setitem__(100, 1))
attempt("extended slice size", lambda: buf.__setitem__(slice(None, None, 2), b"ab"))
attempt("str index", lambda: buf["a"])

data = bytearray(b"0123456789")
del data[0]
del data[1:3]
del data[::2]
print(data)
data.append(ord("!"))
data.extend(b"??")
data.extend([65, 66])
data.insert(0, 35)
data.insert(-1, 36)
data.insert(100, 37)
print(data, data.pop(), data.pop(0), data)
data.remove(ord("?"))
print(data)
attempt("remove missing", lambda: data.remove(0))
attempt("pop empty", lambda: bytearray().pop())
attempt("append str", lambda: data.append("x"))
attempt("extend str", lambda: data.extend("xyz"))
data.reverse()
print(data)
copy = data.copy()
data.clear()
print(data, copy, len(data))

packet = bytearray()
packet += b"\x02"
packet += bytearray(b"PAYLOAD")
packet += bytes([3])
print(packet, packet.hex(), bytes(packet))
print(packet * 2, 2 * bytearray(b"ab"), bytearray(b"-") * 0)
rep = bytearray(b"ab")
rep *= 3
print(rep)
alias = rep
alias += b"!"
print(rep is alias, rep)

b = bytearray(b"  Some Text, more text  ")
print(b.strip(), b.upper(), b.lower(), b.split(b","), b.replace(b"text", b"TEXT"))
print(b.find(b"Text"), b.count(b"t"), b.startswith(b"  S"), b.endswith(bytearray(b"  ")))
print(b.strip().partition(b", "), bytearray(b",").join([b"a", bytearray(b"b"), b"c"]))
print(type(b.strip()).__name__, type(b.split()[0]).__name__, b.isascii())
print(bytearray(b"caf\xc3\xa9").decode(), bytearray(b"abc").decode("ascii"))
print(bytearray.fromhex("de ad be ef"), bytearray(b"\x00\xff").hex())
print(ord("a") in bytearray(b"abc"), b"bc" in bytearray(b"abc"), 120 in bytearray(b"abc"))

print(bytearray(b"abc") == b"abc", b"abc" == bytearray(b"abc"), bytearray(b"a") < b"b")
print(bytearray(b"abc") != bytearray(b"abd"), bytearray(b"b") >= bytearray(b"a"))
print(bytearray(b"x") == "x", b"ab" + bytearray(b"cd"), type(b"ab" + bytearray(b"cd")).__name__)
attempt("hash", lambda: hash(bytearray(b"abc")))
attempt("dict key", lambda: {bytearray(b"k"): 1})
print(list(bytearray(b"hi")), [x for x in bytearray(3)], sum(bytearray(b"\x01\x02")))
print(isinstance(bytearray(), bytearray), type(bytearray()).__name__, bool(bytearray()))
print(str(bytearray(b"s")), f"{bytearray(b'f')}", repr(bytearray(b"'\n")))

# A checksum over a mutable frame, the kind of thing bytearray is for.
frame = bytearray(8)
for i in range(len(frame)):
    frame[i] = (i * 37) & 0xFF
frame[-1] = sum(frame[:-1]) & 0xFF
print(frame.hex(), frame[-1] == sum(frame[:-1]) & 0xFF)
