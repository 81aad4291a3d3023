# Two threads: a producer puts N items on a bounded Queue(100), a consumer
# gets them; producers block when it is full, the consumer when empty.
# ops: 200000
import queue
import threading

N = 200_000
q = queue.Queue(100)
result = []


def producer():
    for i in range(N):
        q.put(i)
    q.put(None)


def consumer():
    total = 0
    count = 0
    while True:
        item = q.get()
        if item is None:
            break
        total += item
        count += 1
    result.append((count, total))


threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(result)
