# struct into and out of buffers: a fixed-size record file built in a
# preallocated bytearray with pack_into, read back with unpack_from at
# offsets and iter_unpack, Struct objects, memoryview targets, and the
# errors CPython raises for bad offsets and read-only buffers.
import struct

HEADER = struct.Struct("<4sHH")
RECORD = struct.Struct("<If8s")

people = [(1, 1.5, b"ada"), (2, 2.25, b"grace"), (3, -0.5, b"linus")]
buf = bytearray(HEADER.size + RECORD.size * len(people))
HEADER.pack_into(buf, 0, b"RECS", 1, len(people))
for i, rec in enumerate(people):
    RECORD.pack_into(buf, HEADER.size + i * RECORD.size, *rec)
print(len(buf), HEADER.size, RECORD.size, HEADER.format, RECORD.format)

magic, version, count = HEADER.unpack_from(buf)
print(magic, version, count)
for i in range(count):
    ident, score, name = RECORD.unpack_from(buf, HEADER.size + i * RECORD.size)
    print(ident, score, name.rstrip(b"\0").decode())
body = memoryview(buf)[HEADER.size:]
print([r[0] for r in RECORD.iter_unpack(body)], [r[2][:2] for r in struct.iter_unpack("<If8s", bytes(body))])
print(struct.unpack_from("<H", buf, offset=4), struct.unpack_from("<H", buf, -2 - RECORD.size * 3 - 2))

# Patch a field in place through a memoryview of the record.
second = memoryview(buf)[HEADER.size + RECORD.size:HEADER.size + 2 * RECORD.size]
struct.pack_into("<I", second, 0, 99)
RECORD.pack_into(second, 0, 42, 9.0, b"hopper")
print(RECORD.unpack(second), RECORD.unpack_from(buf, HEADER.size + RECORD.size)[0])
second.release()

counters = bytearray(16)
for k in range(4):
    struct.pack_into("=i", counters, k * 4, k * k - 3)
print(list(struct.iter_unpack("=i", counters)), counters.hex())
struct.pack_into(">h", counters, -2, -2)
print(counters[-2:], struct.unpack(">h", counters[-2:]), struct.unpack_from(">h", counters, 14))
it = struct.iter_unpack("<2H", b"\x01\x00\x02\x00\x03\x00\x04\x00")
print(next(it), list(it))

errors = [
    lambda: struct.pack_into("<I", b"abcd", 0, 1),
    lambda: struct.pack_into("<I", bytearray(4), 1, 1),
    lambda: struct.pack_into("<I", bytearray(4), -2, 1),
    lambda: struct.pack_into("<I", bytearray(4), -8, 1),
    lambda: struct.pack_into("<I", bytearray(4), 0),
    lambda: struct.pack_into("<I", bytearray(4)),
    lambda: struct.pack_into("<I", bytearray(4), 0, 1, 2),
    lambda: struct.pack_into("<I", memoryview(b"abcd"), 0, 1),
    lambda: struct.pack_into("<B", bytearray(4), 0, 300),
    lambda: struct.unpack_from("<I", bytearray(3)),
    lambda: struct.unpack_from("<I", bytearray(8), 6),
    lambda: struct.unpack_from("<I", memoryview(bytearray(8)), -9),
    lambda: struct.iter_unpack("<I", bytearray(6)),
    lambda: HEADER.unpack_from(b"x"),
    lambda: struct.unpack_from("<I", "text"),
]
for bad in errors:
    try:
        bad()
        print("no error")
    except (struct.error, TypeError) as e:
        print(type(e).__name__ + ":", e)

untouched = bytearray(b"\x01\x02\x03\x04")
try:
    struct.pack_into("<I", untouched, 0, -1)
except struct.error as e:
    print("struct.error:", e, untouched)
