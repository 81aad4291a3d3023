# A binary stream of fixed-size sensor records written and read back with
# struct: a header, packed records, iter_unpack, unpack_from at offsets,
# byte orders, alignment, and the errors of bad input.
import io
import struct

HEADER = struct.Struct("<4sHHI")          # magic, version, record size, count
RECORD = struct.Struct("<IhHdf?3x8s")     # id, temp*100, humidity, time, volts, ok, pad, name

READINGS = [
    (1, -1250, 40, 1700000000.5, 3.3, True, b"attic"),
    (2, 2175, 55, 1700000060.25, 3.29, True, b"kitchen"),
    (3, 3999, 99, 1700000120.0, 2.95, False, b"garage-door"),
    (70000, 0, 0, 0.0, 0.0, False, b""),
]


def write(f):
    f.write(HEADER.pack(b"SENS", 2, RECORD.size, len(READINGS)))
    for r in READINGS:
        f.write(RECORD.pack(*r))


def read(f):
    data = f.read()
    magic, version, size, count = HEADER.unpack_from(data, 0)
    print("header:", magic, version, size, count, "file bytes:", len(data))
    body = data[HEADER.size:]
    for rid, temp, hum, when, volts, ok, name in RECORD.iter_unpack(body):
        name = name.rstrip(b"\0")
        print(f"  #{rid:<6} {temp / 100:7.2f}C {hum:3}% t={when:.2f} {volts:.3f}V ok={ok} {name!r}")
    third = RECORD.unpack_from(data, HEADER.size + 2 * RECORD.size)
    print("third by offset:", third[0], third[-1])
    return data


def main():
    stream = io.BytesIO()
    write(stream)
    stream.seek(0)
    data = read(stream)
    print("record size:", RECORD.size, "header size:", HEADER.size, "format:", RECORD.format)
    print("first record bytes:", data[HEADER.size:HEADER.size + 12].hex())

    # byte orders and sizes
    for fmt in ["@i", "=i", "<i", ">i", "!i", "@cid", "=cid", "@ci0q", "@hq", "<hq", "@P", "@n", "e", "5s", "5p", "3x"]:
        print(f"  calcsize({fmt!r}) = {struct.calcsize(fmt)}")
    print(struct.pack(">HI", 258, 16909060), struct.pack("<HI", 258, 16909060), struct.pack("@hi", 1, 2))
    print(struct.pack("!q", -2), struct.pack("<Q", 2**64 - 1), struct.unpack(">q", b"\xff" * 8))
    print(struct.pack("<bBhH", -128, 255, -32768, 65535), struct.unpack("<bBhH", b"\x80\xff\x00\x80\xff\xff"))
    print(struct.pack("<e", 1.5), struct.unpack("<e", b"\x00\x7c"), struct.pack(">f", 0.1), struct.unpack(">d", struct.pack(">d", 0.1)))
    print(struct.pack("5s", b"hi"), struct.pack("3s", b"toolong"), struct.pack("5p", b"hi"), struct.unpack("5p", b"\x02hiXY"))
    print(struct.pack("?", 0), struct.pack("?", "x"), struct.pack("c", b"A"), struct.unpack("cc", b"AB"))
    print(struct.pack("<2h3x2B", 1, 2, 3, 4), struct.unpack("<2h3x2B", bytes(range(9))))
    print(list(struct.iter_unpack(">H", b"\x00\x01\x00\x02\x01\x00")))
    print(struct.pack(b"<i", 7), struct.Struct(b">h").unpack(b"\x01\x02"))

    for fmt, args in [("b", (128,)), ("B", (-1,)), ("<h", (40000,)), ("<H", (-5,)), ("<i", (2**31,)),
                      ("<I", (2**32,)), ("<l", (2**31,)), ("<q", (2**63,)), ("<Q", (-1,)), ("i", (1.5,)),
                      ("i", ("7",)), ("<f", ("x",)), ("c", (b"ab",)), ("s", ("text",)), ("ii", (1,)),
                      ("i", (1, 2)), ("z", (1,)), ("3", ()), ("<n", (1,))]:
        try:
            struct.pack(fmt, *args)
            print("  packed?", fmt)
        except struct.error as e:
            print(f"  struct.error {fmt!r}: {e}")
    for call in [lambda: struct.unpack("<i", b"abc"), lambda: struct.unpack_from("<i", b"abcdef", 4),
                 lambda: list(struct.iter_unpack("<i", b"abcdef")), lambda: struct.pack("<e", 1e10),
                 lambda: struct.pack("<f", 1e300)]:
        try:
            call()
        except (struct.error, OverflowError) as e:
            print(f"  {type(e).__name__}: {e}")
    print("error is Exception:", issubclass(struct.error, Exception))


main()
