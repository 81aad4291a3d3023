"""Exception hierarchies, retries with backoff bookkeeping, cleanup and chaining."""


class ServiceError(Exception):
    pass


class Temporary(ServiceError):
    pass


class Permanent(ServiceError):
    pass


class FlakyService:
    def __init__(self, script):
        self.script = list(script)
        self.calls = 0

    def request(self, payload):
        self.calls += 1
        outcome = self.script.pop(0) if self.script else "ok"
        if outcome == "temp":
            raise Temporary(f"timeout on call {self.calls}")
        if outcome == "perm":
            raise Permanent(f"rejected {payload!r}")
        return f"{payload.upper()} (after {self.calls} calls)"


def with_retry(fn, attempts=3):
    delays = []
    for attempt in range(1, attempts + 1):
        try:
            return fn(), delays
        except Temporary as e:
            delays.append(2 ** attempt)
            last = e
        finally:
            pass
    raise ServiceError(f"gave up after {attempts} attempts") from last


scenarios = [["ok"], ["temp", "ok"], ["temp", "temp", "temp", "ok"], ["temp", "perm"]]
for script in scenarios:
    svc = FlakyService(script)
    try:
        result, delays = with_retry(lambda: svc.request("data"))
        print("success:", result, "delays:", delays)
    except Permanent as e:
        print("permanent failure:", e)
    except ServiceError as e:
        print("failure:", e, "| cause:", e.__cause__)

cleanup = []


def process(items):
    total = 0
    for item in items:
        try:
            total += 100 // item
        except ZeroDivisionError:
            cleanup.append(f"skipped {item}")
            continue
        except TypeError as e:
            cleanup.append(f"bad type {type(item).__name__}")
            raise ValueError(f"cannot process {item!r}") from e
        finally:
            cleanup.append(f"done {item!r}")
    return total


print(process([1, 2, 0, 5]))
try:
    process([4, "x", 9])
except ValueError as e:
    print("ValueError:", e, "caused by", type(e.__cause__).__name__)
print(cleanup)
try:
    try:
        {}["k"]
    except KeyError:
        raise RuntimeError("during handling")
except RuntimeError as e:
    print(type(e.__context__).__name__, e.__context__)
