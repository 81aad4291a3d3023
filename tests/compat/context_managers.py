"""Context managers: nested resources, suppression, timing without printing times."""
import time


class Resource:
    opened = []

    def __init__(self, name, fail_on_exit=False):
        self.name = name

    def __enter__(self):
        Resource.opened.append(self.name)
        print(f"open {self.name}")
        return self

    def __exit__(self, exc_type, exc, tb):
        Resource.opened.remove(self.name)
        status = "ok" if exc_type is None else f"error {exc_type.__name__}: {exc}"
        print(f"close {self.name} ({status})")
        return False


class Ignore:
    def __init__(self, *kinds):
        self.kinds = kinds
        self.caught = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type and issubclass(exc_type, self.kinds):
            self.caught.append(repr(exc))
            return True
        return False


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.elapsed = time.perf_counter() - self.start


with Resource("db") as db, Resource("cache") as cache:
    print("using", db.name, "and", cache.name, Resource.opened)
try:
    with Resource("file"):
        with Resource("lock"):
            raise OSError("disk full")
except OSError as e:
    print("handled:", e, Resource.opened)
ignore = Ignore(KeyError, ZeroDivisionError)
for job in [lambda: {}["x"], lambda: 1 / 0, lambda: "fine"]:
    with ignore:
        print("job result:", job())
print("ignored:", ignore.caught)
with Timer() as t:
    total = sum(i * i for i in range(10000))
print("computed", total, "timer measured something:", t.elapsed >= 0)


def first_line(lines):
    with Resource("reader"):
        for line in lines:
            if line.strip():
                return line.strip()
    return None


print(first_line(["", "  hello  ", "world"]))
