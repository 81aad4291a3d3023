# Uncontended Lock as a context manager: `with lock:` on one thread.
# ops: 2000000
import threading

N = 2_000_000
lock = threading.Lock()
n = 0
for _ in range(N):
    with lock:
        n += 1
print(n, lock.locked())
