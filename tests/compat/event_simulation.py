"""A priority-queue driven bank-teller simulation using heapq (deterministic)."""
import heapq


class LCG:
    """Tiny deterministic pseudo-random generator so output never changes."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state * 1103515245 + 12345) % 2 ** 31
        return self.state

    def between(self, lo, hi):
        return lo + self.next() % (hi - lo + 1)


def simulate(tellers, customers, seed):
    rng = LCG(seed)
    events = []
    t = 0
    for cid in range(customers):
        t += rng.between(1, 4)
        heapq.heappush(events, (t, 0, "arrive", cid))
    free = tellers
    queue = []
    waits = {}
    arrived = {}
    served = 0
    seq = 1
    log = []
    while events:
        time, _, kind, cid = heapq.heappop(events)
        if kind == "arrive":
            arrived[cid] = time
            queue.append(cid)
        else:
            free += 1
            served += 1
        while free and queue:
            nxt = queue.pop(0)
            free -= 1
            waits[nxt] = time - arrived[nxt]
            heapq.heappush(events, (time + rng.between(2, 9), seq, "leave", nxt))
            seq += 1
            if len(log) < 6:
                log.append(f"t={time:3d} customer {nxt} starts after waiting {waits[nxt]}")
    return served, waits, log, time


for tellers in (1, 2, 3):
    served, waits, log, end = simulate(tellers, 40, seed=2024)
    if tellers == 2:
        print("\n".join(log))
    avg = sum(waits.values()) / len(waits)
    longest = max(waits.items(), key=lambda kv: (kv[1], -kv[0]))
    print(f"tellers={tellers} served={served} end={end} avg_wait={avg:.2f} longest={longest}")
