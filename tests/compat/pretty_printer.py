"""A small JSON-like pretty printer and serializer written from scratch."""


def escape(s):
    out = []
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def dumps(value, indent=0, step=2):
    pad = " " * indent
    inner = " " * (indent + step)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = [inner + dumps(v, indent + step, step) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{inner}{escape(str(k))}: {dumps(v, indent + step, step)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    raise TypeError(f"cannot serialize {type(value).__name__}")


def compact(value):
    if isinstance(value, dict):
        return "{" + ",".join(f"{escape(str(k))}:{compact(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(compact(v) for v in value) + "]"
    return dumps(value)


doc = {
    "name": "conc",
    "version": [0, 1, 0],
    "features": ["gil", "threads", 'quotes "inside"'],
    "stable": False,
    "ratio": 0.75,
    "owner": None,
    "nested": {"empty_list": [], "empty_dict": {}, "deep": {"x": [1, {"y": "z\nw"}]}},
}
print(dumps(doc))
print(compact(doc))
try:
    dumps({"bad": {1, 2}})
except TypeError as e:
    print("error:", e)
