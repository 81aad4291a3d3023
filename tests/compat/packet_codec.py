# A tiny wire protocol: messages framed with a struct header (magic,
# version, type, length), a CRC-32 trailer from binascii, and base64 for
# sending frames over a text channel; corrupted frames are rejected.
import base64
import binascii
import struct

MAGIC = 0xC0DE
HEADER = struct.Struct("!HBBI")
TRAILER = struct.Struct("!I")
TYPES = {1: "hello", 2: "data", 3: "bye"}


class FrameError(Exception):
    pass


def encode(kind, payload):
    header = HEADER.pack(MAGIC, 1, kind, len(payload))
    crc = binascii.crc32(header + payload)
    return header + payload + TRAILER.pack(crc)


def decode(frame):
    if len(frame) < HEADER.size + TRAILER.size:
        raise FrameError(f"short frame ({len(frame)} bytes)")
    magic, version, kind, length = HEADER.unpack_from(frame)
    if magic != MAGIC:
        raise FrameError(f"bad magic {magic:#06x}")
    body = frame[HEADER.size:HEADER.size + length]
    (crc,) = TRAILER.unpack_from(frame, HEADER.size + length)
    if binascii.crc32(frame[:HEADER.size + length]) != crc:
        raise FrameError("checksum mismatch")
    return TYPES.get(kind, "unknown"), body


def main():
    messages = [(1, b"client-7"), (2, struct.pack("<3f", 1.5, -2.25, 3.0)), (2, bytes(range(20))), (3, b"")]
    wire = []
    for kind, payload in messages:
        frame = encode(kind, payload)
        text = base64.b64encode(frame).decode("ascii")
        wire.append(text)
        print(f"{TYPES[kind]:5} {len(frame):3} bytes  {text}")
    for text in wire:
        kind, body = decode(base64.b64decode(text))
        if kind == "data" and len(body) == 12:
            print(" ", kind, struct.unpack("<3f", body))
        else:
            print(" ", kind, body)

    good = base64.b64decode(wire[0])
    flipped = good[:8] + bytes([good[8] ^ 0x01]) + good[9:]
    for name, frame in [("flipped bit", flipped), ("truncated", good[:5]), ("bad magic", b"\x00\x00" + good[2:])]:
        try:
            decode(frame)
        except FrameError as e:
            print(f"  {name}: {e}")
    hexdump = binascii.hexlify(good, " ", 4).decode()
    print("hexdump:", hexdump)
    print("roundtrip:", binascii.unhexlify(hexdump.replace(" ", "")) == good, binascii.b2a_hex(b"\x01\xff"))
    print("urlsafe frame:", base64.urlsafe_b64encode(encode(2, b"\xfb\xef\xff")))


main()
