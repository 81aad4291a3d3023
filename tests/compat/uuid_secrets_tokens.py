# Identifiers and tokens for a small user service: deterministic uuid3/uuid5
# ids, parsed UUIDs, random uuid4/uuid1 and secrets tokens (only their
# lengths and properties are printed: the values change between runs).
import secrets
import string
import uuid


def new_api_key():
    return "key_" + secrets.token_urlsafe(24)


def new_password(length=16):
    alphabet = string.ascii_letters + string.digits + "!@#$%"
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(length))
        if (any(c.islower() for c in pw) and any(c.isupper() for c in pw)
                and sum(c.isdigit() for c in pw) >= 2):
            return pw


def main():
    users = ["ada@example.com", "linus@example.org", "grace@example.net"]
    for email in users:
        u5 = uuid.uuid5(uuid.NAMESPACE_URL, "mailto:" + email)
        u3 = uuid.uuid3(uuid.NAMESPACE_DNS, email.split("@")[1])
        print(f"{email:20} {u5} v{u5.version} | {u3} v{u3.version}")

    u = uuid.UUID("{12345678-1234-5678-1234-567812345678}")
    print(repr(u), str(u), u.hex, u.int, u.urn)
    print(u.bytes, u.bytes_le)
    print(u.fields, u.time_low, u.time_mid, u.time_hi_version, u.clock_seq_hi_variant, u.clock_seq_low, u.node)
    print(u.variant, u.version, u.time, u.clock_seq)
    same = [uuid.UUID("12345678123456781234567812345678"), uuid.UUID(bytes=u.bytes), uuid.UUID(int=u.int),
            uuid.UUID(bytes_le=u.bytes_le), uuid.UUID(fields=u.fields), uuid.UUID("urn:uuid:" + str(u))]
    print("all equal:", all(x == u for x in same), len({u, *same}), sorted([uuid.NAMESPACE_OID, uuid.NAMESPACE_DNS])[0])
    print(uuid.NAMESPACE_DNS, uuid.NAMESPACE_X500, uuid.RFC_4122 == uuid.NAMESPACE_DNS.variant)
    for bad in ["not-a-uuid", "1234", "12345678-1234-5678-1234-56781234567g"]:
        try:
            uuid.UUID(bad)
        except ValueError as e:
            print("ValueError:", e)
    try:
        u.hex = "x"
    except TypeError as e:
        print("TypeError:", e)

    r4 = uuid.uuid4()
    print("uuid4:", r4.version, r4.variant, len(str(r4)), str(r4)[14], str(r4)[19] in "89ab", r4 != uuid.uuid4())
    r1 = uuid.uuid1()
    later = uuid.uuid1()
    print("uuid1:", r1.version, r1.variant, r1.node == later.node, later.time > r1.time, 0 <= r1.clock_seq < 2**14)
    print("uuid1 node:", uuid.uuid1(node=0x123456789abc, clock_seq=42).node == 0x123456789abc)

    key = new_api_key()
    print("api key:", key.startswith("key_"), len(key), all(c.isalnum() or c in "-_" for c in key[4:]))
    pw = new_password()
    print("password:", len(pw), any(c.isupper() for c in pw), sum(c.isdigit() for c in pw) >= 2)
    print("token_bytes:", len(secrets.token_bytes()), len(secrets.token_bytes(5)), type(secrets.token_bytes(1)).__name__)
    hx = secrets.token_hex(16)
    print("token_hex:", len(hx), all(c in string.hexdigits for c in hx), len(secrets.token_hex()))
    print("token_urlsafe:", len(secrets.token_urlsafe(16)), len(secrets.token_urlsafe()))
    rolls = [secrets.randbelow(6) + 1 for _ in range(500)]
    print("dice:", min(rolls) >= 1, max(rolls) <= 6, len(set(rolls)) > 1)
    bits = secrets.randbits(12)
    print("randbits:", 0 <= bits < 4096, secrets.choice(["only"]))
    print("compare_digest:", secrets.compare_digest("abc", "abc"), secrets.compare_digest(b"abc", b"abd"),
          secrets.compare_digest(b"abc", b"ab"))
    gen = secrets.SystemRandom()
    deck = list(range(10))
    gen.shuffle(deck)
    print("shuffle keeps cards:", sorted(deck) == list(range(10)), 1 <= gen.randint(1, 3) <= 3, 0 <= gen.random() < 1)
    for call in [lambda: secrets.randbelow(0), lambda: secrets.choice([]), lambda: secrets.compare_digest("a", b"a")]:
        try:
            call()
        except (ValueError, IndexError, TypeError) as e:
            print(f"  {type(e).__name__}: {e}")


main()
