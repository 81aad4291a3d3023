"""Dict-heavy processing of employee records: grouping, aggregation, sorting."""

RAW = """name,dept,salary,years,city
Alice,Engineering,120000,5,Berlin
Bob,Engineering,95000,2,Paris
Carol,Sales,70000,7,Berlin
Dan,Sales,64000,1,Madrid
Eve,Engineering,135000,9,Paris
Frank,Support,52000,3,Madrid
Grace,Support,58000,6,Berlin
Heidi,Sales,81000,4,Paris"""

lines = RAW.splitlines()
header = lines[0].split(",")
rows = []
for line in lines[1:]:
    rec = dict(zip(header, line.split(",")))
    rec["salary"] = int(rec["salary"])
    rec["years"] = int(rec["years"])
    rows.append(rec)

by_dept = {}
for r in rows:
    by_dept.setdefault(r["dept"], []).append(r)
for dept, members in sorted(by_dept.items()):
    salaries = [m["salary"] for m in members]
    print(f"{dept:12} n={len(members)} avg={sum(salaries) / len(salaries):10.2f} max={max(salaries)}"
          f" senior={max(members, key=lambda m: m['years'])['name']}")
cities = {}
for r in rows:
    c = cities.setdefault(r["city"], {"count": 0, "payroll": 0, "depts": set()})
    c["count"] += 1
    c["payroll"] += r["salary"]
    c["depts"].add(r["dept"])
for city in sorted(cities, key=lambda c: -cities[c]["payroll"]):
    info = cities[city]
    print(city, info["count"], info["payroll"], sorted(info["depts"]))
ranked = sorted(rows, key=lambda r: (r["dept"], -r["salary"]))
print([r["name"] for r in ranked])
raises = {r["name"]: round(r["salary"] * (1.03 if r["years"] >= 5 else 1.015)) for r in rows}
print(raises)
index = {(r["dept"], r["city"]): r["name"] for r in rows}
print(index.get(("Sales", "Berlin")), index.get(("Support", "Paris"), "nobody"))
inverted = {}
for name, raise_ in raises.items():
    inverted.setdefault(raise_ // 10000 * 10000, []).append(name)
print(dict(sorted(inverted.items())))
print("total payroll: {:,}".format(sum(r["salary"] for r in rows)))
