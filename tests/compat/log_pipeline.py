"""Processing web-server style log lines with a generator pipeline."""

LOG = """\
2024-01-01 10:00:01 GET /index.html 200 512
2024-01-01 10:00:02 GET /about.html 200 1024
2024-01-01 10:00:02 POST /login 302 0
2024-01-01 10:00:05 GET /missing 404 128
2024-01-01 10:01:00 GET /index.html 200 512
garbage line to skip
2024-01-01 10:01:30 GET /api/data 500 64
2024-01-01 10:02:00 GET /index.html 304 0
2024-01-01 10:02:10 POST /api/data 201 2048
2024-01-01 10:03:00 GET /about.html 200 1024"""


def read_lines(text):
    for line in text.splitlines():
        yield line


def parse(lines):
    for line in lines:
        parts = line.split()
        if len(parts) != 6:
            continue
        date, time, method, path, status, size = parts
        yield {"time": time, "method": method, "path": path, "status": int(status), "size": int(size)}


def where(records, pred):
    return (r for r in records if pred(r))


def field(records, name):
    for r in records:
        yield r[name]


records = list(parse(read_lines(LOG)))
print("records:", len(records))
print("bytes served:", sum(field(records, "size")))
errors = list(where(records, lambda r: r["status"] >= 400))
for r in errors:
    print(f"  error {r['status']} at {r['time']} for {r['path']}")
hits = {}
for path in field(records, "path"):
    hits[path] = hits.get(path, 0) + 1
for path, n in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"{path:<14}{n}")
by_class = {}
for r in records:
    by_class.setdefault(f"{r['status'] // 100}xx", []).append(r["path"])
print(sorted(by_class.items()))
posts = where(records, lambda r: r["method"] == "POST")
print("first POST:", next(posts)["path"], "| second:", next(posts)["path"], "| third:", next(posts, None))
minutes = {}
for r in records:
    minute = r["time"][:5]
    minutes[minute] = minutes.get(minute, 0) + r["size"]
print(" ".join(f"{m}={b}" for m, b in minutes.items()))
