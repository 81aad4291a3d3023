"""A job queue whose priorities and permissions are IntEnum / IntFlag
members: they are real ints, so they index lists, sort with plain ints,
serialize to JSON and format with %d like any int."""
import json
from enum import Enum, IntEnum, IntFlag, StrEnum, auto


class Priority(IntEnum):
    LOW = 1
    NORMAL = 2
    HIGH = 3
    URGENT = 4


class Access(IntFlag):
    READ = 4
    WRITE = 2
    EXECUTE = 1


class Status(StrEnum):
    QUEUED = auto()
    RUNNING = auto()
    DONE = 'finished'


class Unit(str, Enum):
    SECONDS = 's'
    MINUTES = 'min'


jobs = [
    {'name': 'backup', 'priority': Priority.LOW, 'access': Access.READ},
    {'name': 'deploy', 'priority': Priority.URGENT, 'access': Access.READ | Access.WRITE},
    {'name': 'report', 'priority': Priority.NORMAL, 'access': Access.READ | 8},
    {'name': 'cleanup', 'priority': 3, 'access': Access(7)},
]

# Members and plain ints sort, compare and hash together.
for job in sorted(jobs, key=lambda j: j['priority'], reverse=True):
    p = job['priority']
    print('%-8s priority=%d (%s) weight=%.1f' % (job['name'], p, p, p * 1.5))

labels = ['none', 'low', 'normal', 'high', 'urgent']
print([labels[j['priority']] for j in jobs])
print(isinstance(Priority.HIGH, int), Priority.HIGH == 3, hash(Priority.HIGH) == hash(3))
print({3: 'three'}[Priority.HIGH], {Priority.LOW: 'low'}[1], Priority(3) is Priority.HIGH)
print(Priority.HIGH + 1, Priority.URGENT // 3, -Priority.LOW, divmod(Priority.URGENT, 3))
print(str(Priority.LOW), repr(Priority.LOW), f'{Priority.NORMAL:>4}|', format(Priority.HIGH, '03d'))
print(max(Priority.__members__.values()), sum(Priority.__members__.values()), Priority.LOW.bit_length())
print(range(10)[Priority.URGENT], 'ab' * Priority.NORMAL, int(Priority.HIGH), float(Priority.LOW))

print(json.dumps({j['name']: j['priority'] for j in jobs}))
print(json.dumps([j['access'] for j in jobs]))

for job in jobs:
    a = Access(job['access'])
    can_write = bool(a & Access.WRITE)
    print(f"{job['name']:8} {a!r:28} int={int(a)} write={can_write} exec={Access.EXECUTE in a}")

combo = Access.READ | Access.WRITE
print(combo, repr(combo), repr(~Access.READ), repr(Access(0)), combo & 6, combo | 1, combo + 0)
print(isinstance(combo, int), combo == 6, repr(combo ^ Access.WRITE), repr(3 | Access.READ))

print(repr(Status.QUEUED), str(Status.DONE), f'{Status.RUNNING}', Status('finished'))
print(isinstance(Status.DONE, str), Status.DONE.upper(), Status.QUEUED + '!', len(Status.DONE))
print(json.dumps({'status': Status.RUNNING}), sorted([Status.RUNNING, 'alpha', Status.QUEUED]))
print(repr(Unit.MINUTES), str(Unit.MINUTES), f'{Unit.SECONDS}', Unit('s') is Unit.SECONDS,
      Unit.SECONDS == 's', 'min'.join(['1', '2']) == Unit.MINUTES.join(['1', '2']))
try:
    Priority(9)
except ValueError as e:
    print('ValueError:', e)
try:
    Status(3)
except ValueError as e:
    print('ValueError:', e)
