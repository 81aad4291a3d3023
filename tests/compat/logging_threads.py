# logging from many threads: every line is whole (the handler lock), each
# thread's lines keep their order, %(threadName)s names the writer; a
# FileHandler from basicConfig(filename=, filemode=) writes the same.
import logging
import os
import threading

class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []
    def emit(self, record):
        self.lines.append(self.format(record))

path = "/tmp/conc_logging_threads_%d.log" % os.getpid()
logging.basicConfig(filename=path, filemode="w", level=logging.DEBUG,
                    format="%(threadName)s %(levelname)s %(message)s")
col = Collect()
col.setFormatter(logging.Formatter("%(threadName)s:%(message)s"))
logging.getLogger().addHandler(col)
log = logging.getLogger("work")

N, M = 6, 150
def worker(n):
    for i in range(M):
        log.info("worker=%d step=%d payload=%s", n, i, "x" * (i % 17))

threads = [threading.Thread(target=worker, args=(n,), name="W%d" % n) for n in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
logging.info("done")

for h in logging.getLogger().handlers:
    h.flush()
with open(path) as f:
    file_lines = f.read().splitlines()
open(path, "w").close()

def check(lines, sep):
    bad = 0
    last = {}
    ok_order = True
    for line in lines[:-1]:
        head, _, msg = line.partition(sep)
        name = head.split()[0]
        fields = dict(p.split("=", 1) for p in msg.split() if "=" in p)
        n, i = int(fields.get("worker", -1)), int(fields.get("step", -1))
        if name != "W%d" % n or fields.get("payload") != "x" * (i % 17):
            bad += 1
        if last.get(n, -1) != i - 1:
            ok_order = False
        last[n] = i
    return bad, ok_order, sorted(last.items())

print(len(file_lines), len(col.lines))
print(check(col.lines, ":"))
print(check([l.replace(" INFO ", " ", 1) for l in file_lines], " "))
print(file_lines[-1], col.lines[-1])
