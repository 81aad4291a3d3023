# A size-based log rotator: app.log grows until a limit, then app.log
# becomes app.log.1, app.log.1 becomes app.log.2, and so on; the oldest
# beyond the backup count is deleted. Also compacts old logs by age order.
import os
import tempfile


class RotatingLog:
    def __init__(self, path, max_bytes, backup_count):
        self.path = path
        self.max_bytes = max_bytes
        self.backup_count = backup_count
        self.rotations = 0

    def _name(self, i):
        return "%s.%d" % (self.path, i) if i else self.path

    def should_rotate(self, line):
        if not os.path.exists(self.path):
            return False
        return os.path.getsize(self.path) + len(line) > self.max_bytes

    def rotate(self):
        self.rotations += 1
        oldest = self._name(self.backup_count)
        if os.path.exists(oldest):
            os.remove(oldest)
        for i in range(self.backup_count - 1, -1, -1):
            src = self._name(i)
            if os.path.exists(src):
                os.replace(src, self._name(i + 1))

    def write(self, line):
        if self.should_rotate(line):
            self.rotate()
        with open(self.path, "a") as f:
            f.write(line)


def listing(directory):
    rows = []
    for name in sorted(os.listdir(directory)):
        st = os.stat(os.path.join(directory, name))
        rows.append("%-10s %4d bytes" % (name, st.st_size))
    return rows


with tempfile.TemporaryDirectory() as tmp:
    log = RotatingLog(os.path.join(tmp, "app.log"), max_bytes=120, backup_count=3)
    for i in range(40):
        level = ("INFO", "WARN", "ERROR")[i % 3]
        log.write("%04d %-5s request %d handled\n" % (i, level, i * 7))
    print("rotations:", log.rotations)
    for row in listing(tmp):
        print(" ", row)
    # The newest lines are in app.log, the oldest kept in app.log.3.
    with open(os.path.join(tmp, "app.log")) as f:
        print("newest:", f.readline().split()[0])
    with open(os.path.join(tmp, "app.log.3")) as f:
        print("oldest kept:", f.readline().split()[0])

    # Count ERROR lines across all generations, oldest first.
    names = sorted((n for n in os.listdir(tmp) if n.startswith("app.log")),
                   key=lambda n: -int(n.rsplit(".", 1)[1]) if n[-1].isdigit() else 0)
    errors = 0
    for name in names:
        with open(os.path.join(tmp, name)) as f:
            errors += sum(1 for line in f if " ERROR " in line)
    print("files oldest first:", names)
    print("errors kept:", errors)

    # Touch times: make app.log.2 look old and find it by mtime.
    now = os.stat(os.path.join(tmp, "app.log")).st_mtime
    os.utime(os.path.join(tmp, "app.log.2"), (now - 3600, now - 3600))
    ages = sorted(os.listdir(tmp), key=lambda n: os.path.getmtime(os.path.join(tmp, n)))
    print("stalest:", ages[0])
    st = os.stat(os.path.join(tmp, "app.log.2"))
    print("mtime moved back an hour:", round(now - st.st_mtime), st.st_mtime_ns // 10**9 == int(st.st_mtime))

    # Removing a missing backup is an error with the path in it.
    try:
        os.remove(os.path.join(tmp, "app.log.9"))
    except FileNotFoundError as e:
        print(e.errno, e.strerror, os.path.basename(e.filename))
