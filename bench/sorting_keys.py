# Sorting records the ways applications do: key functions (lambda,
# operator.itemgetter/attrgetter), multi-key and reversed sorts, stable
# sorts in several passes, sorting with functools.cmp_to_key, bisect
# insertion into a sorted list, and a merge of sorted runs via heapq.merge.
import bisect
import functools
import heapq
import operator
import random


class Employee:
    def __init__(self, name, dept, salary, age):
        self.name = name
        self.dept = dept
        self.salary = salary
        self.age = age

    def __repr__(self):
        return f"Employee({self.name!r}, {self.dept!r}, {self.salary}, {self.age})"


def version_cmp(a, b):
    pa = [int(x) for x in a.split(".")]
    pb = [int(x) for x in b.split(".")]
    return (pa > pb) - (pa < pb)


rng = random.Random(99)
depts = ["eng", "ops", "sales", "legal", "hr"]
people = [Employee(f"p{i:05d}", rng.choice(depts), rng.randrange(30000, 200000, 500), rng.randint(20, 65))
          for i in range(30000)]
rows = [(p.dept, p.salary, p.age, p.name) for p in people]

checksum = 0
for round_ in range(5):
    by_salary = sorted(people, key=lambda p: p.salary)
    by_dept_salary = sorted(people, key=lambda p: (p.dept, -p.salary, p.name))
    by_attr = sorted(people, key=operator.attrgetter("age", "name"), reverse=True)
    by_item = sorted(rows, key=operator.itemgetter(2, 0))
    stable = sorted(people, key=lambda p: p.name)
    stable.sort(key=lambda p: p.age)
    stable.sort(key=lambda p: p.dept)
    assert all(a.salary <= b.salary for a, b in zip(by_salary, by_salary[1:]))
    checksum += sum(i * p.salary for i, p in enumerate(by_dept_salary[:1000])) % 1000003
    checksum += by_attr[0].age + by_item[-1][2] + len(stable[0].name)

versions = [f"{rng.randint(0, 3)}.{rng.randint(0, 20)}.{rng.randint(0, 40)}" for _ in range(6000)]
ordered_versions = sorted(versions, key=functools.cmp_to_key(version_cmp))
assert ordered_versions == sorted(versions, key=lambda v: tuple(int(x) for x in v.split(".")))

leaderboard = []
for p in people[:12000]:
    bisect.insort(leaderboard, (-p.salary, p.name))
top = [name for _, name in leaderboard[:5]]

runs = [sorted(rng.randrange(1000000) for _ in range(5000)) for _ in range(8)]
merged = list(heapq.merge(*runs))
assert merged == sorted(merged)
largest = heapq.nlargest(5, people, key=lambda p: (p.salary, p.name))
words = sorted(("".join(rng.choice("abcdef") for _ in range(6)) for _ in range(20000)), key=str.lower)

print(checksum, ordered_versions[:3], ordered_versions[-1], top)
print(merged[:3], merged[-1], [p.name for p in largest], words[:2], by_dept_salary[0])
