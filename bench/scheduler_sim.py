# Discrete-event simulation of a job scheduler: jobs with dependencies
# (records pointing at each other), workers, and an event queue on heapq.
import heapq
import random


class Job:
    def __init__(self, job_id, duration, priority):
        self.job_id = job_id
        self.duration = duration
        self.priority = priority
        self.deps = []
        self.dependents = []
        self.waiting_on = 0
        self.started = None
        self.finished = None
        self.worker = None
        self.arrived = False

    def add_dependency(self, other):
        self.deps.append(other)
        other.dependents.append(self)
        self.waiting_on += 1

    def __lt__(self, other):
        return (self.priority, self.job_id) < (other.priority, other.job_id)


class Worker:
    def __init__(self, name, speed):
        self.name = name
        self.speed = speed
        self.current = None
        self.busy_time = 0.0
        self.done = 0


class Event:
    __slots__ = ("time", "seq", "kind", "payload")

    def __init__(self, time, seq, kind, payload):
        self.time = time
        self.seq = seq
        self.kind = kind
        self.payload = payload

    def __lt__(self, other):
        if self.time != other.time:
            return self.time < other.time
        return self.seq < other.seq


class Scheduler:
    def __init__(self, workers):
        self.workers = workers
        self.idle = list(workers)
        self.ready = []
        self.events = []
        self.seq = 0
        self.now = 0.0
        self.log_count = 0

    def post(self, time, kind, payload):
        self.seq += 1
        heapq.heappush(self.events, Event(time, self.seq, kind, payload))

    def submit(self, job):
        job.arrived = True
        if job.waiting_on == 0:
            heapq.heappush(self.ready, job)

    def dispatch(self):
        while self.idle and self.ready:
            job = heapq.heappop(self.ready)
            self.idle.sort(key=lambda w: (-w.speed, w.name))
            worker = self.idle.pop(0)
            worker.current = job
            job.worker = worker
            job.started = self.now
            took = job.duration / worker.speed
            worker.busy_time += took
            self.post(self.now + took, "finish", worker)

    def run(self):
        self.dispatch()
        while self.events:
            event = heapq.heappop(self.events)
            self.now = event.time
            if event.kind == "finish":
                worker = event.payload
                job = worker.current
                job.finished = self.now
                worker.current = None
                worker.done += 1
                self.idle.append(worker)
                for child in job.dependents:
                    child.waiting_on -= 1
                    if child.waiting_on == 0 and child.arrived:
                        heapq.heappush(self.ready, child)
                self.log_count += 1
            elif event.kind == "arrive":
                self.submit(event.payload)
            self.dispatch()
        return self.now


def build_jobs(rng, count):
    jobs = []
    for i in range(count):
        job = Job(i, rng.randint(1, 50), rng.randint(0, 9))
        for _ in range(rng.randint(0, 3)):
            if i > 0:
                job.add_dependency(jobs[rng.randrange(max(0, i - 40), i)])
        jobs.append(job)
    return jobs


def simulate(seed, count):
    rng = random.Random(seed)
    workers = [Worker(f"w{i}", 1.0 + (i % 4) * 0.5) for i in range(8)]
    sched = Scheduler(workers)
    jobs = build_jobs(rng, count)
    for job in jobs:
        sched.post(job.job_id * 0.7, "arrive", job)
    makespan = sched.run()
    assert all(j.finished is not None for j in jobs)
    for j in jobs:
        for d in j.deps:
            assert d.finished <= j.started
    waits = sum(j.started - j.job_id * 0.7 for j in jobs)
    per_worker = sorted((w.name, w.done) for w in workers)
    return makespan, waits, per_worker, sched.log_count


total = 0
for seed in range(32):
    makespan, waits, per_worker, finished = simulate(seed, 3000)
    total += finished
    if seed % 8 == 0:
        print(seed, round(makespan, 3), round(waits, 3), per_worker[:3])
print("finished", total)
