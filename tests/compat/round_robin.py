"""A round-robin task scheduler using generators as tasks and a deque as run queue."""
from collections import deque


class Scheduler:
    def __init__(self):
        self.ready = deque()
        self.tick = 0
        self.finished = {}

    def spawn(self, name, gen):
        self.ready.append((name, gen))

    def run(self):
        while self.ready:
            name, task = self.ready.popleft()
            self.tick += 1
            try:
                msg = next(task)
                if msg is not None:
                    print(f"[{self.tick:2}] {name}: {msg}")
                self.ready.append((name, task))
            except StopIteration as stop:
                self.finished[name] = (self.tick, stop.value)
                print(f"[{self.tick:2}] {name} finished -> {stop.value}")


def countdown(n):
    while n > 0:
        yield f"countdown {n}"
        n -= 1
    return "liftoff"


def summer(values):
    total = 0
    for v in values:
        total += v
        yield None if v % 2 else f"running total {total}"
    return total


def child(k):
    for i in range(k):
        yield f"child step {i}"
    return k * 10


def parent():
    result = yield from child(2)
    yield f"child returned {result}"
    return "parent done"


sched = Scheduler()
sched.spawn("rocket", countdown(3))
sched.spawn("adder", summer([1, 2, 3, 4, 5]))
sched.spawn("family", parent())
sched.run()
print("finish ticks:", sorted(sched.finished.items()))
