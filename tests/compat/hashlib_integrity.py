# A file-integrity checker: builds a manifest of digests for a few files
# (in-memory binary files here), verifies it, detects a changed file, and
# compares algorithms; base64 and binascii encode the digests for transport.
import base64
import binascii
import hashlib
import io

FILES = {
    "readme.txt": b"Integrity matters.\n" * 3,
    "empty.bin": b"",
    "data.bin": bytes(range(256)) * 40,
    "notes.md": "caf\u00e9 na\u00efve r\u00e9sum\u00e9\n".encode("utf-8"),
}


def digest_file(f, algorithm="sha256", chunk=1000):
    h = hashlib.new(algorithm)
    f.seek(0)
    while True:
        block = f.read(chunk)
        if not block:
            break
        h.update(block)
    return h.hexdigest()


def main():
    disk = {name: io.BytesIO(content) for name, content in FILES.items()}
    manifest = {name: digest_file(disk[name]) for name in sorted(disk)}
    for name, digest in manifest.items():
        print(f"{digest}  {name}")

    disk["notes.md"].seek(0, 2)
    disk["notes.md"].write(b"tampered\n")
    bad = [n for n, d in manifest.items() if digest_file(disk[n]) != d]
    print("changed:", bad)
    disk["data.bin"].seek(0)
    print("file_digest:", hashlib.file_digest(disk["data.bin"], "md5").hexdigest())

    message = b"The quick brown fox jumps over the lazy dog"
    for algo in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]:
        h = getattr(hashlib, algo)(message)
        print(f"{algo:7} {h.name:7} size={h.digest_size:2} block={h.block_size:3} {h.hexdigest()}")
    print("sha512_256:", hashlib.new("SHA512_256", b"").hexdigest())

    # incremental updates equal one update; copy() forks the state
    h = hashlib.sha256()
    for word in message.split(b" "):
        h.update(word + b" ")
    fork = h.copy()
    fork.update(b"!")
    print(h.hexdigest() == hashlib.sha256(message + b" ").hexdigest(), fork.hexdigest() != h.hexdigest())
    print(hashlib.md5().hexdigest(), len(hashlib.sha1(b"x").digest()))
    print("guaranteed:", sorted({"md5", "sha1", "sha256", "sha512"} & hashlib.algorithms_guaranteed))
    print("available has the guaranteed:", hashlib.algorithms_guaranteed <= hashlib.algorithms_available)
    for bad in [lambda: hashlib.new("md7"), lambda: hashlib.sha256("text"), lambda: hashlib.md5().update(5)]:
        try:
            bad()
        except (ValueError, TypeError) as e:
            print(f"  {type(e).__name__}: {e}")

    # encodings of a digest
    raw = hashlib.sha1(message).digest()
    print("b64:", base64.b64encode(raw), base64.b64decode(base64.b64encode(raw)) == raw)
    print("urlsafe:", base64.urlsafe_b64encode(b"\xfb\xff\xfe"), base64.urlsafe_b64decode("-__-"))
    print("b32:", base64.b32encode(raw[:7]), base64.b32decode(base64.b32encode(raw[:7])) == raw[:7])
    print("b32hex:", base64.b32hexencode(b"hello"), base64.b32hexdecode(b"D1IMOR3F"))
    print("b16:", base64.b16encode(raw[:6]), base64.b16decode("00FF10"), base64.b16decode("00ff10", casefold=True))
    print("hex:", binascii.hexlify(raw[:4]), binascii.hexlify(raw[:4], "-"), binascii.unhexlify("cafe"), raw[:4].hex())
    print("a85:", base64.a85encode(b"hello world"), base64.a85decode(base64.a85encode(b"hello world")))
    print("b85:", base64.b85encode(b"hello world"), base64.b85decode(base64.b85encode(b"hello world")))
    print("crc32:", binascii.crc32(message), binascii.crc32(b" dog", binascii.crc32(message[:-4])))
    block = base64.encodebytes(bytes(range(100)))
    print("encodebytes lines:", [len(l) for l in block.split(b"\n")], base64.decodebytes(block) == bytes(range(100)))
    for text in [b"aGVsbG8=", b"aGVsbG8", b"aGVs bG8=\n", b"aGVsbG8===", b"a", b"!!!!"]:
        try:
            print(f"  b64decode({text!r}) = {base64.b64decode(text)!r}")
        except binascii.Error as e:
            print(f"  b64decode({text!r}): binascii.Error: {e}")
    for call in [lambda: base64.b64decode(b"aGVs*bG8=", validate=True), lambda: base64.b32decode(b"ABC"),
                 lambda: base64.b16decode(b"0g"), lambda: binascii.unhexlify(b"abc"), lambda: base64.b64encode("str")]:
        try:
            call()
        except (binascii.Error, TypeError) as e:
            print(f"  {type(e).__name__}: {e}")
    print(base64.standard_b64encode(b"\x00\x01"), base64.b64encode(b"\xff\xfe", altchars=b"-_"))


main()
