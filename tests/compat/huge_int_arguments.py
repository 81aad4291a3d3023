# Integers far past 64 bits given where a size or a position is expected:
# positions clamp (find, index, round, slices), sizes raise OverflowError,
# and ranges longer than 2**63 still slice and index exactly.
import sys


def attempt(label, thunk):
    try:
        result = thunk()
    except Exception as exc:
        print(f"{label}: {type(exc).__name__}: {exc}")
    else:
        print(f"{label}: {result!r}")


big = 2**63
huge = 2**100
text = "hello world"
data = b"hello world"
items = [3, 1, 4, 1, 5]

print("-- positions clamp")
attempt("str.find start", lambda: text.find("o", big))
attempt("str.find window", lambda: text.find("o", -huge, huge))
attempt("str.rfind window", lambda: text.rfind("o", -huge, huge))
attempt("str.count window", lambda: text.count("l", -huge, huge))
attempt("str.startswith", lambda: text.startswith("world", 6, huge))
attempt("str.index start", lambda: text.index("o", big))
attempt("bytes.find window", lambda: data.find(b"o", -huge, huge))
attempt("bytes.find start", lambda: data.find(b"o", big))
attempt("bytes slice", lambda: data[-huge:huge:2])
attempt("bytes big step", lambda: data[::big])
attempt("str big step", lambda: text[::huge])
attempt("list.index start", lambda: items.index(1, big))
attempt("list.index window", lambda: items.index(1, -huge, huge))
attempt("tuple.index window", lambda: tuple(items).index(4, -huge, huge))
attempt("round float", lambda: round(2.675, big))
attempt("round float negative", lambda: round(2.675, -big))
attempt("round int", lambda: round(12345, huge))

print("-- sizes overflow")
for name, thunk in [
    ("center", lambda: "a".center(big)),
    ("ljust", lambda: "a".ljust(big)),
    ("rjust", lambda: "a".rjust(huge, "*")),
    ("zfill", lambda: "a".zfill(big)),
    ("bytes center", lambda: b"a".center(big)),
    ("bytes zfill", lambda: b"a".zfill(big)),
    ("str repeat", lambda: "a" * big),
    ("list repeat", lambda: [1] * big),
    ("tuple repeat", lambda: (1,) * big),
    ("bytes repeat", lambda: b"a" * big),
    ("split maxsplit", lambda: "a b".split(" ", big)),
    ("rsplit maxsplit", lambda: "a b".rsplit(" ", big)),
    ("replace count", lambda: "aaa".replace("a", "b", big)),
    ("setrecursionlimit", lambda: sys.setrecursionlimit(big)),
    ("setrecursionlimit past C int", lambda: sys.setrecursionlimit(2**40)),
]:
    attempt(name, thunk)
print("recursion limit kept:", sys.getrecursionlimit() > 0)

print("-- ranges past i64")
r = range(-(2**63), 2**63 - 1)
attempt("len", lambda: len(r))
attempt("every other", lambda: r[::2])
attempt("its last item", lambda: r[::2][-1])
attempt("thirds", lambda: r[1::3])
attempt("far index", lambda: r[2**63])
attempt("negative index", lambda: r[-1])
attempt("past the end", lambda: r[2**64])
attempt("index of the far end", lambda: r.index(2**63 - 2))
attempt("reversed", lambda: next(reversed(r)))
attempt("open stop", lambda: r[:huge] == r)
attempt("open start", lambda: r[-huge:] == r)
attempt("step three", lambda: range(10)[::3])
attempt("backwards by two", lambda: range(10)[8:1:-2])
attempt("wide backwards", lambda: range(2**62, -(2**62), -5)[::7])
attempt("float bound", lambda: range(10)[1.0:])
attempt("empty far slice", lambda: range(5)[2**70:])
