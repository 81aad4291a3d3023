# queue.Queue put() + get() on one thread (never blocks).
# ops: 300000
import queue

N = 300_000
q = queue.Queue()
total = 0
for i in range(N):
    q.put(i)
    total += q.get()
print(total, q.qsize())
