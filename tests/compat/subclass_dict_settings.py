# Subclasses of dict the way applications write them: settings with
# defaults, case-insensitive HTTP headers, attribute access, grouping with
# __missing__, a word counter, and JSON output of all of them.
import json


class Settings(dict):
    """Settings that fall back to defaults for keys never set."""

    DEFAULTS = {"host": "127.0.0.1", "port": 8000, "debug": False}

    def __missing__(self, key):
        if key in self.DEFAULTS:
            return self.DEFAULTS[key]
        raise KeyError(key)

    def merged(self):
        out = dict(self.DEFAULTS)
        out.update(self)
        return out


s = Settings(port=9000)
print(s["host"], s["port"], s["debug"], s.get("host"), "host" in s, len(s))
print(s, repr(s), s.merged())
try:
    s["timeout"]
except KeyError as e:
    print("KeyError", e)
print(type(s).__name__, type(s) is Settings, isinstance(s, dict), issubclass(Settings, dict))
print(json.dumps(s), json.dumps({"settings": s}, sort_keys=True))


class Headers(dict):
    """HTTP headers: keys are looked up without regard to case."""

    def __init__(self, *args, **kwargs):
        super().__init__()
        self.update(*args, **kwargs)

    def __setitem__(self, key, value):
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key):
        return super().__getitem__(key.lower())

    def __delitem__(self, key):
        super().__delitem__(key.lower())

    def __contains__(self, key):
        return super().__contains__(key.lower())

    def get(self, key, default=None):
        return super().get(key.lower(), default)

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value


h = Headers({"Content-Type": "application/json"}, Accept="*/*")
h["X-Request-ID"] = "abc123"
print(h["content-type"], h["ACCEPT"], h.get("x-request-id"), h.get("Missing", "-"))
print("CONTENT-TYPE" in h, "Cookie" in h, len(h), sorted(h))
del h["Accept"]
print(h, h == {"content-type": "application/json", "x-request-id": "abc123"})
for name, value in sorted(h.items()):
    print(f"{name}: {value}")
print(Headers.fromkeys(["A", "B"], "") == {"a": "", "b": ""}, type(Headers.fromkeys("x")).__name__)
try:
    hash(h)
except TypeError as e:
    print("TypeError:", e)


class AttrDict(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        self[name] = value


cfg = AttrDict(name="svc", replicas=3)
cfg.region = "eu"
print(cfg.name, cfg.replicas, cfg.region, cfg)
try:
    cfg.zone
except AttributeError as e:
    print("AttributeError:", e)


class GroupBy(dict):
    def __missing__(self, key):
        group = self[key] = []
        return group


people = [("ann", "dev"), ("bob", "ops"), ("cid", "dev"), ("dee", "qa")]
teams = GroupBy()
for person, team in people:
    teams[team].append(person)
print(teams, len(teams), teams.pop("qa"), sorted(teams.keys()))


class WordCount(dict):
    def __missing__(self, word):
        return 0

    def add_text(self, text):
        for word in text.lower().split():
            self[word.strip(".,!?")] += 1
        return self

    def top(self, n):
        return sorted(self.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


wc = WordCount().add_text("The cat saw the dog. The dog ran!")
print(wc.top(3), wc["the"], wc["zebra"], "zebra" in wc)
print(sum(wc.values()), max(wc, key=wc.get), dict(sorted(wc.items())))
copy = wc.copy()
print(type(copy).__name__, copy == wc, copy is wc)


class Registry(dict):
    def register(self, name):
        def deco(fn):
            self[name] = fn
            return fn
        return deco

    def __repr__(self):
        return f"Registry({sorted(self)})"


handlers = Registry()


@handlers.register("greet")
def greet(who):
    return f"hello {who}"


@handlers.register("shout")
def shout(who):
    return f"HEY {who.upper()}"


print(handlers, str(handlers), f"{handlers}", [handlers])
print(handlers["greet"]("ann"), handlers["shout"]("bob"))
merged = {**handlers, "x": None}
print(sorted(merged), dict(handlers) == handlers, list(handlers.values())[0] is greet)
s2 = Settings(debug=True)
s2 |= {"port": 1}
print(s2, type(s2).__name__, s2.setdefault("port", 5), s2.setdefault("x", 5), s2)
