# The json module: round trips, formatting options, errors with positions,
# unicode escapes, big ints, floats. Run by python3 and conc.
import json


def show(label, value):
    print(label, repr(value))


# --- dumps: scalars and containers ------------------------------------------
show("scalars", [json.dumps(v) for v in [None, True, False, 0, -7, 3.5, "s", ""]])
show("floats", json.dumps([0.1, 1e16, 1e-7, 2.5e300, -0.0, 1.0, 123456789.125, 1/3]))
show("big int", json.dumps(2 ** 200))
show("neg big int", json.dumps(-(3 ** 90)))
show("list/tuple", json.dumps([1, (2, 3), [], ()]))
show("dict", json.dumps({"a": 1, "b": [True, None]}))
show("nested empty", json.dumps({"a": {}, "b": [], "c": [{}]}))
show("int keys", json.dumps({1: "a", 2.5: "b", True: "c", None: "d", -3: "e"}))
show("big int key", json.dumps({2 ** 70: 1}))
show("nan", json.dumps([float("nan"), float("inf"), float("-inf")]))

# --- strings -------------------------------------------------------------------------
s = 'quote" back\\ nl\n cr\r tab\t bs\b ff\f ctl\x01\x1f del\x7f é ☃ 😀'
show("ensure_ascii", json.dumps(s))
show("no ensure_ascii", json.dumps(s, ensure_ascii=False))
show("slash not escaped", json.dumps("a/b"))
show("non-ascii key", json.dumps({"clé": "vàl"}))
show("non-ascii key raw", json.dumps({"clé": "vàl"}, ensure_ascii=False))

# --- formatting options -------------------------------------------------------------
data = {"name": "conc", "tags": ["gil", "threads"], "n": {"b": 2, "a": 1}, "e": [], "o": {}}
print(json.dumps(data, indent=2))
print(json.dumps(data, indent=4, sort_keys=True))
print(json.dumps(data, indent="\t"))
print(json.dumps(data, indent=0))
print(json.dumps(data, indent=""))
print(json.dumps(data, separators=(",", ":")))
print(json.dumps(data, separators=(";", "=")))
print(json.dumps(data, indent=1, separators=(" ,", " : ")))
print(json.dumps(data, sort_keys=True))
print(json.dumps([[1, [2, [3]]]], indent=2))

# --- default, skipkeys, cls ----------------------------------------------------------
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


def enc(o):
    if isinstance(o, Point):
        return {"x": o.x, "y": o.y}
    if isinstance(o, set):
        return sorted(o)
    raise TypeError("nope")


show("default", json.dumps({"p": Point(1, 2), "s": {3, 1, 2}}, default=enc))
show("default nested", json.dumps([Point(Point(0, 0), [1])], default=enc))
show("skipkeys", json.dumps({(1, 2): 3, "a": 4}, skipkeys=True))
show("skipkeys all", json.dumps({(1, 2): 3}, skipkeys=True))


class PointEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Point):
            return [o.x, o.y]
        return super().default(o)


show("cls", json.dumps({"p": Point(5, 6)}, cls=PointEncoder))
show("encoder object", json.JSONEncoder(sort_keys=True, indent=1).encode({"b": 1, "a": 2}))
show("iterencode", "".join(json.JSONEncoder().iterencode([1, 2])))

# --- encoding errors ------------------------------------------------------------------
def err(label, f):
    try:
        f()
        print(label, "no error")
    except Exception as e:
        print(label, type(e).__name__, e)


err("unserializable", lambda: json.dumps({"a": object()}))
err("set", lambda: json.dumps({1, 2}))
err("bad key", lambda: json.dumps({(1, 2): 3}))
err("allow_nan", lambda: json.dumps([float("nan")], allow_nan=False))
err("allow_nan inf", lambda: json.dumps(float("inf"), allow_nan=False))
err("sort mixed keys", lambda: json.dumps({1: 1, "a": 2}, sort_keys=True))
err("cls default", lambda: json.dumps(object(), cls=PointEncoder))
err("default raising", lambda: json.dumps(Point(1, 2), default=lambda o: o.missing))
loop = [1]
loop.append(loop)
err("circular list", lambda: json.dumps(loop))
d = {}
d["self"] = d
err("circular dict", lambda: json.dumps(d))
err("circular default", lambda: json.dumps(Point(1, 2), default=lambda o: o))
deep = []
for i in range(100000):
    deep = [deep]
err("deep encode", lambda: json.dumps(deep)[:0])
fine = []
for i in range(200):
    fine = [fine]
show("nested 200", len(json.dumps(fine)))

# --- loads ---------------------------------------------------------------------------
show("loads scalars", [json.loads(s) for s in ["null", "true", "false", "0", "-1", "1.5", '"x"', "-0", "-0.0", "1E3", "2e-2", "1e400"]])
show("loads nested", json.loads('{"a": [1, 2, {"b": null}], "c": "d"}'))
show("loads whitespace", json.loads(' \n\t\r[ 1 ,\n 2 ] \n'))
show("loads big int", json.loads("123456789012345678901234567890"))
show("loads big neg", json.loads("-98765432109876543210987654321"))
show("loads constants", json.loads("[NaN, Infinity, -Infinity]"))
show("loads escapes", json.loads(r'"\" \\ \/ \b \f \n \r \t \u00e9 \u2603 \ud83d\ude00"'))
show("loads raw unicode", json.loads('"héllo ☃"'))
show("loads dup keys", json.loads('{"a": 1, "b": 2, "a": 3}'))
show("loads bytes", json.loads(b'{"k": "\xc3\xa9"}'))
show("loads bom bytes", json.loads(b'\xef\xbb\xbf[1]'))
show("strict off", json.loads('"a\tb"', strict=False))
show("object_hook", json.loads('{"x": 1, "y": {"z": 2}}', object_hook=lambda d: sorted(d.items())))
show("object_pairs_hook", json.loads('{"b": 1, "a": 2, "b": 3}', object_pairs_hook=lambda p: p))
show("object_pairs_hook empty", json.loads('{}', object_pairs_hook=lambda p: ("pairs", p)))
show("parse_float", json.loads("[1.5, 2]", parse_float=lambda s: "F" + s))
show("parse_int", json.loads("[1.5, 2]", parse_int=lambda s: int(s) * 10))
show("parse_constant", json.loads("[NaN, -Infinity]", parse_constant=lambda s: s.lower()))
show("decoder", json.JSONDecoder().decode(" [1] "))
show("raw_decode", json.JSONDecoder().raw_decode('{"a": 1} tail'))
show("raw_decode idx", json.JSONDecoder().raw_decode('xx[1, 2]yy', 2))
show("raw_decode unicode idx", json.JSONDecoder().raw_decode('é☃"ü" ', 2))
roundtrip = {"s": "é\n\"", "i": 10 ** 30, "f": 0.1, "l": [1, [2, [3, {}]]], "b": False, "n": None}
show("round trip", json.loads(json.dumps(roundtrip)) == roundtrip)
show("round trip indent", json.loads(json.dumps(roundtrip, indent=3, sort_keys=True)) == roundtrip)
show("round trip raw", json.loads(json.dumps(roundtrip, ensure_ascii=False)) == roundtrip)
show("float round trip", all(json.loads(json.dumps(x)) == x for x in [0.1, 1 / 3, 2.0 ** -1074, 1.7976931348623157e308, 5e-324]))

# --- decoding errors --------------------------------------------------------------------
docs = ['', ' ', '[1 2]', '{"a" 1}', '{1:2}', '{"a":1,}', '[1,]', '"abc', r'"a\qb"',
        r'"\u12"', r'"\u12x4"', '"a\x01b"', '[1] x', 'tru', '{"a":', '[', '{',
        '{"a":1 "b":2}', '"\\', '-', '-x', '01', '1.', '1e', '.5', 'nul', '[1,2',
        '{"a"', '\ufeff1', '\n\n  [1,\n  x]', 'é ☃ [1,,]', '{"é": 1 x', r'"\u1234',
        r'"\ud83d\u12"', '[1]\n\n  extra', '"é\nx"', '[-]', '{"a": 1}}', 'NaN1', '[1.5e]']
for doc in docs:
    try:
        show("no error", (doc, json.loads(doc)))
    except json.JSONDecodeError as e:
        print(repr(doc), "|", e, "|", e.msg, e.pos, e.lineno, e.colno, e.doc == doc)
err("not a string", lambda: json.loads(1))
err("not a string list", lambda: json.loads([]))
err("is ValueError", lambda: json.loads("[") if issubclass(json.JSONDecodeError, ValueError) else None)
err("deep decode", lambda: json.loads("[" * 100000 + "]" * 100000))
show("nested decode 300", len(str(json.loads("[" * 300 + "]" * 300))))
try:
    json.loads("[1,")
except ValueError as e:
    show("caught as ValueError", str(e))

# --- dump / load with files --------------------------------------------------------
class Sink:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)


sink = Sink()
json.dump([1, {"a": None}], sink, separators=(",", ":"))
show("dump to object", "".join(sink.parts))
sink = Sink()
json.dump({"k": [1, 2.5, "x"], "u": "ü"}, sink, indent=2)
print("".join(sink.parts))


class Source:
    def __init__(self, text):
        self.text = text

    def read(self):
        return self.text


show("load", json.load(Source("".join(sink.parts))))
show("load hook", json.load(Source('{"a": 1}'), object_pairs_hook=list))
