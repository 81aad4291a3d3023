# memoryview over bytes and bytearray: zero-copy slices that write
# through, a record parser walking a packet by views, release and the
# context manager, and bytearray refusing to resize while exported.


def parse_records(packet):
    """Splits length-prefixed records without copying until the end."""
    view = memoryview(packet)
    out = []
    while view:
        n = view[0]
        out.append(bytes(view[1:1 + n]))
        view = view[1 + n:]
    return out


packet = b"\x03abc\x00\x05hello\x01!"
print(parse_records(packet), parse_records(bytearray(packet)))

data = bytearray(b"hello world")
mv = memoryview(data)
print(len(mv), mv[0], mv[-1], mv.readonly, mv.nbytes, mv.format, mv.itemsize, mv.ndim)
print(mv.shape, mv.strides, mv.obj is data, mv.contiguous)
head = mv[:5]
head[0] = ord("J")
mv[6:11] = b"WORLD"
print(data, head.tobytes(), bytes(head), bytearray(mv[6:]))
print(mv[::2].tobytes(), mv[::-1].tobytes(), mv[1:8:3].tolist(), mv[::2][1:3].tobytes())
print(mv[::2].strides, mv[::2].contiguous, len(mv[20:]), mv[20:].tobytes())
print(mv == b"Jello WORLD", mv == bytearray(b"Jello WORLD"), mv[:5] == memoryview(b"Jello"), mv == "Jello WORLD")
print(mv != b"x", list(mv[:3]), [b for b in mv[-3:]], 0x4a in mv, mv.hex(), mv[:2].hex())
print(memoryview(b"abc").tolist(), memoryview(b"abc")[1:].tobytes(), mv.cast("B")[:5].tobytes())
ro = memoryview(b"frozen")
print(ro.readonly, hash(ro) == hash(b"frozen"), ro.toreadonly().readonly, mv.toreadonly().readonly)

for bad in [lambda: ro.__setitem__(0, 65), lambda: mv.__setitem__(0, 256),
            lambda: mv.__setitem__(0, "a"), lambda: mv.__setitem__(slice(0, 2), b"abc"),
            lambda: mv[100], lambda: mv["a"], lambda: hash(mv), lambda: memoryview(5),
            lambda: memoryview("text"), lambda: mv.__delitem__(0), lambda: mv[::2].cast("B"),
            lambda: mv.cast("BB")]:
    try:
        bad()
    except (TypeError, ValueError, IndexError, NotImplementedError) as e:
        print(type(e).__name__ + ":", e)

buf = bytearray(b"abc")
view = memoryview(buf)
for grow in [lambda: buf.append(100), lambda: buf.extend(b"de"), lambda: buf.pop(),
             lambda: buf.clear(), lambda: buf.__delitem__(0), lambda: buf.insert(0, 1),
             lambda: buf.__setitem__(slice(0, 1), b"xyz")]:
    try:
        grow()
    except BufferError as e:
        print("BufferError:", e)
buf[0:1] = b"A"
buf += b""
print(buf, view.tobytes())
sub = view[1:]
view.release()
print(repr(view).startswith("<released memory"), sub.tobytes())
try:
    buf.append(1)
except BufferError as e:
    print("still exported:", e)
sub.release()
sub.release()
buf.append(ord("d"))
print(buf)
for op in [lambda: len(view), lambda: view[0], lambda: view.tobytes(), lambda: bytes(view),
           lambda: view.readonly, lambda: view.tolist()]:
    try:
        op()
    except ValueError as e:
        print("ValueError:", e)
print(view == view, view == b"abc")

with memoryview(buf) as m:
    m[0] = ord("z")
    try:
        buf.append(1)
    except BufferError:
        print("exported inside with")
buf.append(ord("!"))
print(buf, m.obj if False else "released")
try:
    m.tobytes()
except ValueError as e:
    print("ValueError:", e)


def fill(buffer, offset, chunk):
    memoryview(buffer)[offset:offset + len(chunk)] = chunk


frame = bytearray(8)
fill(frame, 2, b"\xff\xfe")
fill(frame, 6, bytearray(b"ok"))
print(frame, frame.hex())
frame.append(0)
print(len(frame))
