# Metaclasses whose special methods apply to the classes made with them:
# a plugin registry that is iterable, sized, indexable and searchable by
# class, class-level operators, a metaclass __call__ that caches
# instances, __prepare__, and metaclass inheritance through bases.


class Registry(type):
    """Each class made by this metaclass remembers its subclasses."""

    def __new__(mcs, name, bases, ns, **kw):
        cls = super().__new__(mcs, name, bases, ns)
        cls._plugins = {}
        for base in bases:
            if isinstance(base, Registry):
                base._plugins[ns.get("key", name.lower())] = cls
        return cls

    def __iter__(cls):
        return iter(sorted(cls._plugins.values(), key=lambda c: c.__name__))

    def __len__(cls):
        return len(cls._plugins)

    def __getitem__(cls, key):
        return cls._plugins[key]

    def __contains__(cls, key):
        return key in cls._plugins

    def __repr__(cls):
        return "<plugin %s>" % cls.__name__

    def __or__(cls, other):
        return (cls.__name__, other.__name__)

    def describe(cls):
        return "%s with %d plugins" % (cls.__name__, len(cls))

    @property
    def plugin_names(cls):
        return sorted(cls._plugins)


class Exporter(metaclass=Registry):
    def export(self, rows):
        raise NotImplementedError


class CsvExporter(Exporter):
    key = "csv"

    def export(self, rows):
        return "\n".join(",".join(map(str, r)) for r in rows)


class JsonExporter(Exporter):
    key = "json"

    def export(self, rows):
        return repr([list(r) for r in rows])


class TsvExporter(CsvExporter):
    key = "tsv"

    def export(self, rows):
        return "\n".join("\t".join(map(str, r)) for r in rows)


rows = [(1, "a"), (2, "b")]
print(type(Exporter).__name__, type(TsvExporter).__name__, Exporter.__class__.__name__)
print(isinstance(Exporter, Registry), isinstance(Exporter, type), isinstance(int, Registry))
print(len(Exporter), len(CsvExporter), len(TsvExporter), bool(TsvExporter))
print([c.__name__ for c in Exporter], list(CsvExporter))
for cls in Exporter:
    print(" ", cls, cls().export(rows).replace("\n", " | "))
print(Exporter["json"], "csv" in Exporter, "xml" in Exporter, "tsv" in CsvExporter)
print(repr(Exporter), str(CsvExporter), "%s" % JsonExporter, [Exporter])
print(Exporter | CsvExporter, Exporter.describe(), CsvExporter.plugin_names)
try:
    Exporter["xml"]
except KeyError as e:
    print("KeyError", e)
print(sorted(Exporter._plugins), Exporter.__name__, CsvExporter.key)


class Singleton(type):
    """`__call__` on the metaclass: one instance per class."""

    def __call__(cls, *args, **kwargs):
        if "_instance" not in cls.__dict__:
            cls._instance = super().__call__(*args, **kwargs)
        return cls._instance


class Config(metaclass=Singleton):
    def __init__(self, path="app.ini"):
        self.path = path
        self.loads = getattr(self, "loads", 0) + 1


a = Config("first.ini")
b = Config("second.ini")
print(a is b, a.path, b.loads, type(a).__name__, isinstance(a, Config))


class Counted(type):
    calls = 0

    def __call__(cls, *args, **kwargs):
        Counted.calls += 1
        obj = super().__call__(*args, **kwargs)
        obj.serial = Counted.calls
        return obj


class Ticket(metaclass=Counted):
    def __init__(self, title, *, urgent=False):
        self.title = title
        self.urgent = urgent


tickets = [Ticket("disk full", urgent=True), Ticket("typo")]
print([(t.serial, t.title, t.urgent) for t in tickets], Counted.calls)


class Ordered(type):
    @classmethod
    def __prepare__(mcs, name, bases, **kw):
        ns = {"_declared_by": mcs.__name__}
        return ns

    def __new__(mcs, name, bases, ns, **kw):
        ns["fields"] = [k for k in ns if not k.startswith("_")]
        return super().__new__(mcs, name, bases, ns)


class Record(metaclass=Ordered):
    name = str
    age = int


print(Record.fields, Record._declared_by)


class Comparable(type):
    def __eq__(cls, other):
        return getattr(cls, "tag", None) == getattr(other, "tag", None)

    def __hash__(cls):
        return hash(getattr(cls, "tag", None))

    def __lt__(cls, other):
        return cls.__name__ < other.__name__


class Red(metaclass=Comparable):
    tag = "r"


class Crimson(metaclass=Comparable):
    tag = "r"


class Blue(metaclass=Comparable):
    tag = "b"


print(Red == Crimson, Red == Blue, Red != Blue, len({Red, Crimson, Blue}))
print([c.__name__ for c in sorted([Red, Crimson, Blue])])


class Meta1(type):
    pass


class Meta2(type):
    pass


class A(metaclass=Meta1):
    pass


class B(metaclass=Meta2):
    pass


try:
    class C(A, B):
        pass
except TypeError as e:
    print("TypeError:", e)


class Sub(Meta1):
    pass


class D(A, metaclass=Sub):
    pass


class E(D):
    pass


print(type(D).__name__, type(E).__name__, type(type(E)).__name__)
Dyn = Registry("Dyn", (Exporter,), {"key": "dyn"})
print(type(Dyn).__name__, Exporter["dyn"] is Dyn, len(Exporter))
try:
    len(int)
except TypeError as e:
    print("TypeError:", e)
try:
    iter(Config)
except TypeError as e:
    print("TypeError:", e)


class Tracking(type):
    """Drops the class keywords: type.__new__ hands none to __init_subclass__."""

    def __new__(mcs, name, bases, ns, **kw):
        return super().__new__(mcs, name, bases, ns)

    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)
        cls.created_as = (name, sorted(kw))


class Tracked(metaclass=Tracking):
    def __init_subclass__(cls, flag="default", **kw):
        super().__init_subclass__(**kw)
        cls.flag = flag

    def __set_name__(self, owner, name):
        pass


class Field:
    def __set_name__(self, owner, name):
        self.name = owner.__name__ + "." + name


class Leaf(Tracked, flag="given"):
    size = Field()

    def label(self):
        return "leaf:" + super().__class__.__name__


print(Leaf.flag, Leaf.created_as, Leaf.size.name, Leaf().label(), type(Leaf).__name__)
Made = type("Made", (Tracked,), {"part": Field()})
print(Made.flag, Made.part.name, type(Made).__name__)


class Base2:
    def __init_subclass__(cls, prefix="", **kw):
        super().__init_subclass__(**kw)
        cls.tag = prefix + cls.__name__
        cls.greeting = cls.hello()

    @classmethod
    def hello(cls):
        return "hello"


class Sub2(Base2, prefix="x-"):
    @classmethod
    def hello(cls):
        return super().hello() + " from " + cls.__name__


print(Sub2.tag, Sub2.greeting)
