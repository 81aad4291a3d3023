# logging: basicConfig to stdout, levels, the logger tree, propagation,
# handlers and formatters, lazy %-formatting, exceptions, LoggerAdapter.
import io
import logging
import sys

logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                    format="%(levelname)s|%(name)s|%(threadName)s|%(processName)s|%(message)s")
logging.debug("hidden %s", "debug")
logging.info("shown %s %d", "info", 2)
logging.warning("warn %(who)s", {"who": "dict-arg"})
logging.error("plain 100%")
logging.critical("crit")
logging.log(25, "custom level %s", 25)
logging.addLevelName(25, "NOTICE")
logging.log(25, "named now")
print(logging.getLevelName(25), logging.getLevelName("NOTICE"), logging.getLevelName(33))
print(logging.getLevelName(logging.WARNING), logging.getLevelName("DEBUG"))

root = logging.getLogger()
print(root is logging.root, root.name, root.level, repr(root))
app = logging.getLogger("app")
db = logging.getLogger("app.db")
deep = logging.getLogger("app.db.pool.conn")
print(db.parent is app, app.parent is root, deep.parent is db)
mid = logging.getLogger("app.db.pool")
print(deep.parent is mid, mid.parent is db)
print(logging.getLogger("app.db") is db, app.getChild("db") is db)
print(repr(app), repr(db))
app.setLevel("WARNING")
print(db.getEffectiveLevel(), db.isEnabledFor(logging.INFO), db.isEnabledFor(logging.ERROR))
db.info("suppressed by parent level")
db.warning("db warning %s", [1, 2])
db.setLevel(logging.DEBUG)
db.debug("db debug allowed")
print(repr(db))

# A handler of its own, a formatter, propagate off.
buf = io.StringIO()
h = logging.StreamHandler(buf)
h.setFormatter(logging.Formatter("[%(levelname)-8s] %(name)s: %(message)s"))
h.setLevel(logging.WARNING)
svc = logging.getLogger("svc")
svc.addHandler(h)
svc.setLevel(logging.DEBUG)
svc.info("info goes to root only")
svc.warning("warning goes to both")
svc.propagate = False
svc.error("error only to buffer")
print(repr(buf.getvalue()))
print(svc.hasHandlers(), logging.getLogger("nohandlers.child").hasHandlers())
svc.removeHandler(h)
print(svc.handlers)

# Lazy formatting: __str__ only runs when the record is emitted.
class Expensive:
    calls = 0
    def __str__(self):
        Expensive.calls += 1
        return "expensive"
e = Expensive()
logging.debug("never %s", e)
logging.info("once %s", e)
print("str calls:", Expensive.calls)

# Exceptions: exc_info appended after the message; check the last line.
buf2 = io.StringIO()
eh = logging.StreamHandler(buf2)
eh.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
el = logging.getLogger("exc")
el.propagate = False
el.addHandler(eh)
try:
    {}["missing"]
except KeyError:
    el.exception("lookup failed for %s", "missing")
lines = buf2.getvalue().splitlines()
print(lines[0], lines[1], lines[-1])
try:
    int("x")
except ValueError as err:
    el.error("explicit", exc_info=err)
print(buf2.getvalue().splitlines()[-1])

# Filters.
class OnlyEven(logging.Filter):
    def filter(self, record):
        return record.args[0] % 2 == 0
fbuf = io.StringIO()
fh = logging.StreamHandler(fbuf)
fl = logging.getLogger("filt")
fl.propagate = False
fl.addHandler(fh)
fl.addFilter(OnlyEven())
for i in range(5):
    fl.warning("n=%d", i)
print(repr(fbuf.getvalue()))
nf = logging.Filter("a.b")
print(nf.filter(logging.makeLogRecord({"name": "a.b.c"})),
      nf.filter(logging.makeLogRecord({"name": "a.bc"})),
      nf.filter(logging.makeLogRecord({"name": "a.b"})))

# Formatter: fixed time, {-style, $-style, extra fields.
rec = logging.makeLogRecord({"msg": "hello %s", "args": ("you",), "levelname": "INFO",
                             "name": "x", "created": 0.0, "msecs": 7.0})
f = logging.Formatter("%(message)s @ %(msecs)03d")
print(f.format(rec))
f2 = logging.Formatter("{levelname}:{name}:{message}", style="{")
print(f2.format(rec))
f3 = logging.Formatter("$levelname/${name} $message", style="$")
print(f3.format(rec))
f4 = logging.Formatter("%(asctime)s", datefmt="%Y")
f4.converter = __import__("time").gmtime
print(f4.format(rec))
ebuf = io.StringIO()
xh = logging.StreamHandler(ebuf)
xh.setFormatter(logging.Formatter("%(user)s did %(message)s"))
xl = logging.getLogger("extra")
xl.propagate = False
xl.addHandler(xh)
xl.warning("login", extra={"user": "ann"})
adapter = logging.LoggerAdapter(xl, {"user": "bob"})
adapter.warning("logout")
print(repr(ebuf.getvalue()))
try:
    xl.warning("x", extra={"message": "clash"})
except KeyError as err:
    print("KeyError", err)

# basicConfig does nothing once root has handlers, unless force=True.
logging.basicConfig(format="IGNORED %(message)s")
logging.warning("still the first format")
logging.basicConfig(format="forced:%(levelname)s:%(message)s", stream=sys.stdout, force=True)
logging.warning("after force")
logging.info("info dropped: force resets nothing about the level? %s", root.level)
try:
    logging.basicConfig(force=True, bogus=1)
except ValueError as err:
    print("ValueError", err)
try:
    logging.getLogger("z").setLevel("LOUD")
except ValueError as err:
    print("ValueError", err)
logging.disable(logging.WARNING)
logging.warning("disabled")
logging.error("error passes disable(WARNING)")
logging.disable(logging.NOTSET)
print(logging.NOTSET, logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL, logging.FATAL, logging.WARN)
