# Uncontended Lock: acquire() + release() on one thread.
# ops: 2000000
import threading

N = 2_000_000
lock = threading.Lock()
acquire = lock.acquire
release = lock.release
for _ in range(N):
    acquire()
    release()
print(N, lock.locked())
