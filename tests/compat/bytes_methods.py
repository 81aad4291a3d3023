# bytes: every method CPython 3.11 has, with ASCII semantics, and bytes % args.

def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

print(sorted(n for n in dir(bytes) if not n.startswith("_")))

# find / rfind / index / rindex / count with windows
b = b"abcabcab"
for sub in (b"ab", b"c", b"", b"zz", 97, 99):
    print(sub, b.find(sub), b.rfind(sub), b.count(sub), b.find(sub, 2), b.rfind(sub, 0, 5),
          b.find(sub, -3), b.count(sub, 1, -1), b.find(sub, 9), b.count(sub, 20))
print(b.index(b"ca"), b.rindex(b"ca"), b.index(b"b", 2, 6), b.rindex(97))
attempt("index missing", lambda: b.index(b"zz"))
attempt("rindex missing", lambda: b.rindex(b"ab", 7))
attempt("index window", lambda: b.index(b"a", 1, 3))
attempt("find str", lambda: b.find("a"))
attempt("count str", lambda: b.count("a"))
attempt("find 256", lambda: b.find(256))
attempt("in str", lambda: "a" in b)

# split / rsplit / splitlines
for s in (b"", b"  a b\tc\x0bd\x0c  ", b"a,b,,c,", b",", b"one"):
    print(s.split(), s.rsplit(), s.split(None, 1), s.rsplit(None, 1), s.split(b","),
          s.rsplit(b",", 1), s.split(b",", maxsplit=2), s.rsplit(sep=b",", maxsplit=0),
          s.split(maxsplit=0))
print(b"a::b::c".split(b"::"), b"a::b::c".rsplit(b"::", 1), b"aaa".split(b"aa"), b"aaa".rsplit(b"aa"))
attempt("split empty", lambda: b"a".split(b""))
attempt("split str", lambda: b"a".split("a"))
attempt("rsplit str", lambda: b"a".rsplit("a"))
for s in (b"", b"a\nb\r\nc\rd\n\n", b"x\r", b"no break", b"\x0bv\x0cf\x1cs"):
    print(s.splitlines(), s.splitlines(True), s.splitlines(keepends=True))

# strip / lstrip / rstrip
for s in (b"", b"  \t x y \n\x0b", b"xxhixx", b"xxx"):
    print(s.strip(), s.lstrip(), s.rstrip(), s.strip(b"x"), s.lstrip(b"x "), s.rstrip(b"x\x0b"),
          s.strip(None))
attempt("strip str", lambda: b"a".strip("a"))
attempt("lstrip int", lambda: b"a".lstrip(1))

# partition / rpartition / removeprefix / removesuffix
for s in (b"", b"k=v=w", b"novalue", b"="):
    print(s.partition(b"="), s.rpartition(b"="), s.partition(b"=v"), s.rpartition(b"xx"))
attempt("partition empty", lambda: b"a".partition(b""))
attempt("partition str", lambda: b"a".partition("a"))
attempt("rpartition str", lambda: b"a".rpartition("a"))
print(b"prefix-body".removeprefix(b"prefix-"), b"body".removeprefix(b"x"), b"ab".removeprefix(b""),
      b"body.py".removesuffix(b".py"), b"body".removesuffix(b"body"), b"a".removesuffix(b"abc"))
attempt("removeprefix str", lambda: b"a".removeprefix("a"))
attempt("removesuffix str", lambda: b"a".removesuffix("a"))

# center / ljust / rjust / zfill
for s in (b"", b"a", b"ab", b"abc"):
    for w in (-3, 0, 1, 4, 5, 6):
        print(s, w, s.center(w), s.center(w, b"*"), s.ljust(w, b"-"), s.rjust(w), s.zfill(w))
for s in (b"-5", b"+5", b"5", b"-", b"+", b"x-1"):
    print(s.zfill(4), s.zfill(1))
attempt("center str fill", lambda: b"a".center(3, "x"))
attempt("ljust long fill", lambda: b"a".ljust(3, b"xy"))
attempt("rjust int fill", lambda: b"a".rjust(3, 32))
attempt("center no width", lambda: b"a".center())
attempt("zfill str", lambda: b"a".zfill("3"))
attempt("center huge", lambda: b"a".center(2**62))
attempt("center too big", lambda: b"a".center(2**63))
attempt("ljust huge", lambda: b"a".ljust(2**62, b"x"))
attempt("zfill huge", lambda: b"a".zfill(2**62))

# expandtabs
for s in (b"", b"a\tb", b"\t", b"ab\tcd\n\tx\r\ty", b"abcdefgh\tz"):
    print(s.expandtabs(), s.expandtabs(4), s.expandtabs(0), s.expandtabs(-1), s.expandtabs(tabsize=1))
attempt("expandtabs huge", lambda: b"a\tb".expandtabs(2**40))
attempt("expandtabs str", lambda: b"a".expandtabs("4"))

# predicates: ASCII only
samples = (b"", b"abc", b"ABC", b"Abc", b"abc1", b"123", b" \t\n\x0b\x0c\r", b"\xe9", b"a\xe9",
           b"Hello World", b"Hello world", b"HeLLo", b"1A", b"a b", b"\x7f", b"A1 B2", b"_")
for s in samples:
    print(s, s.isalnum(), s.isalpha(), s.isascii(), s.isdigit(), s.islower(), s.isspace(),
          s.istitle(), s.isupper())

# case changes: ASCII only, other bytes as they are
for s in (b"", b"hello WORLD", b"\xe9t\xe9 x", b"they're bill's 2nd", b"1abc", b"ABC def\xffgh"):
    print(s.capitalize(), s.swapcase(), s.title(), s.upper(), s.lower())

# maketrans / translate
t = bytes.maketrans(b"abc", b"xyz")
print(len(t), t[97:100], t[:3], b"".maketrans(b"", b"")[250:])
print(b"aabbcc-d".translate(t), b"aabbcc".translate(t, b"b"), b"hello".translate(None, b"l"),
      b"hello".translate(None), b"x".translate(t, delete=b"x"))
attempt("maketrans lengths", lambda: bytes.maketrans(b"ab", b"c"))
attempt("maketrans str", lambda: bytes.maketrans("a", b"b"))
attempt("translate short", lambda: b"a".translate(b"ab"))
attempt("translate delete str", lambda: b"a".translate(None, "a"))
attempt("startswith str", lambda: b"a".startswith("a"))
attempt("endswith str", lambda: b"a".endswith("a"))
print(b"abc".startswith((b"x", b"a")), b"abc".endswith(b"bc"))

# % formatting
print(b"%03d:" % 7)
print(b"%s|%b|%r|%a" % (b"x", b"y", b"z'", "\xe9"))
print(b"%d %i %u %x %X %o" % (-42, 3.9, 7, 255, 255, 8))
print(b"%#x %#X %#o %+d % d %05d %-5d| %.3d %5.3d" % (255, 255, 8, 3, 3, -42, 42, 7, 7))
print(b"%e %E %f %F %g %G" % (12345.678, 0.00012, 1.5, -2.25, 1e20, 1e-7))
print(b"%.2f %10.3f %-10.1e| %+.0f %#.0f %010.2f" % (3.14159, 2.5, 12345.0, 2.5, 3.0, -1.5))
print(b"%c%c%c" % (65, b"b", 0xff))
print(b"%5s|%-5s|%.2s|%*s|%-*s|%.*s" % (b"ab", b"ab", b"abcdef", 4, b"x", 4, b"y", 1, b"zz"))
print(b"%*d|" % (-5, 3), b"%(a)s-%(b)05d %%" % {b"a": b"A", b"b": 42})
print(b"%s" % b"single", b"%%", b"no args" % (), b"%s" % (b"tuple",))
print(b"%r %a" % (b"bytes", [1, "\u1234"]), b"\xff%s\x00" % b"\xfe")

class WithBytes:
    def __bytes__(self):
        return b"<wb>"
class BadBytes:
    def __bytes__(self):
        return "str"
print(b"[%s] [%b] [%6s]" % (WithBytes(), WithBytes(), WithBytes()))
attempt("bad __bytes__", lambda: b"%s" % BadBytes())
attempt("not enough", lambda: b"%s %s" % (b"a",))
attempt("not enough star", lambda: b"%*d" % (5,))
attempt("too many", lambda: b"%s" % (b"a", b"b"))
attempt("%b str", lambda: b"%b" % "text")
attempt("%s str", lambda: b"%s" % "text")
attempt("%s int", lambda: b"%s" % 3)
attempt("%d str", lambda: b"%d" % "x")
attempt("%x float", lambda: b"%x" % 1.5)
attempt("%f str", lambda: b"%f" % "x")
attempt("%c big", lambda: b"%c" % 256)
attempt("%c neg", lambda: b"%c" % -1)
attempt("%c str", lambda: b"%c" % "a")
attempt("%c long", lambda: b"%c" % b"ab")
attempt("unsupported", lambda: b"%y" % 1)
attempt("unsupported high", lambda: b"ab%\xff" % 1)
attempt("incomplete", lambda: b"abc%" % ())
attempt("mapping needed", lambda: b"%(a)s" % 1)
attempt("missing key", lambda: b"%(a)s" % {"a": b"x"})
attempt("star not int", lambda: b"%*d" % (b"x", 1))
attempt("bytes % dict no keys", lambda: b"plain" % {b"a": 1})
attempt("str %b", lambda: "%b" % b"x")
attempt("str % still", lambda: "%s|%5.1f|%c|%-3d|" % ("s", 2.25, "z", 1))
# Anything with __getitem__ but a tuple is a mapping: extra arguments are no error.
attempt("bytes % list", lambda: b"x" % [1])
attempt("str % list", lambda: "x" % [1])
attempt("str % range", lambda: "%s" % range(2))
attempt("list key", lambda: b"%(a)s" % [1])
