# Exceptions as control flow: EAFP dictionary and attribute access, custom
# exception hierarchies in a validating record loader, retries with
# try/except/else/finally in a hot loop, and StopIteration from next().


class ValidationError(Exception):
    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field


class MissingField(ValidationError):
    pass


class BadValue(ValidationError):
    pass


class TransientError(Exception):
    pass


def load_record(raw):
    record = {}
    for field in ("id", "name", "age", "email"):
        try:
            record[field] = raw[field]
        except KeyError:
            raise MissingField(field, "is required") from None
    try:
        record["age"] = int(record["age"])
    except ValueError:
        raise BadValue("age", f"not a number: {record['age']!r}")
    if not 0 <= record["age"] < 150:
        raise BadValue("age", "out of range")
    if "@" not in record["email"]:
        raise BadValue("email", "no @")
    return record


def make_raw(i):
    raw = {"id": i, "name": f"n{i}", "age": str(i % 170), "email": f"u{i}@x.org"}
    if i % 11 == 0:
        del raw["email"]
    if i % 13 == 0:
        raw["age"] = "unknown"
    if i % 17 == 0:
        raw["email"] = "nobody"
    return raw


class Flaky:
    def __init__(self):
        self.calls = 0

    def fetch(self, key):
        self.calls += 1
        if self.calls % 3 != 0:
            raise TransientError(key)
        return len(key)


def with_retries(fn, key, attempts=5):
    for attempt in range(attempts):
        try:
            value = fn(key)
        except TransientError:
            continue
        else:
            return value, attempt
        finally:
            pass
    raise RuntimeError("gave up")


class Config:
    def __init__(self):
        self.debug = False


def get_option(obj, name, default):
    try:
        return getattr(obj, name)
    except AttributeError:
        return default


def lookups(cache, keys):
    hits = misses = 0
    for k in keys:
        try:
            cache[k] += 1
            hits += 1
        except KeyError:
            cache[k] = 1
            misses += 1
    return hits, misses


loaded, errors = 0, {}
for i in range(180000):
    try:
        load_record(make_raw(i))
    except MissingField as e:
        errors["missing " + e.field] = errors.get("missing " + e.field, 0) + 1
    except ValidationError as e:
        errors[type(e).__name__ + " " + e.field] = errors.get(type(e).__name__ + " " + e.field, 0) + 1
    else:
        loaded += 1

flaky = Flaky()
retry_total = 0
for i in range(120000):
    value, attempt = with_retries(flaky.fetch, f"key{i}")
    retry_total += value + attempt

config = Config()
opts = sum(1 for i in range(300000) if get_option(config, "debug" if i % 2 else "verbose", True))
hits, misses = lookups({}, [i % 1000 * 7 for i in range(600000)])

it = iter(range(150000))
drained = 0
while True:
    try:
        drained += next(it)
    except StopIteration:
        break

print(loaded, sorted(errors.items()), retry_total, flaky.calls, opts, hits, misses, drained)
