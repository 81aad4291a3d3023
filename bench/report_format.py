# A formatting-heavy monthly report: rows of sales data rendered as an
# aligned text table with f-string format specs, str.format, %-formatting,
# thousands separators, percentages, padding and centring, then parsed
# back to check the numbers survived the round trip.
import random

REGIONS = ["North", "South", "East", "West", "Central"]
PRODUCTS = ["Widget", "Gadget", "Doohickey", "Gizmo", "Thingamajig", "Whatsit"]


def make_rows(rng, n):
    rows = []
    for i in range(n):
        units = rng.randint(1, 500)
        price = rng.randint(199, 99999) / 100
        rows.append({
            "id": i,
            "region": rng.choice(REGIONS),
            "product": rng.choice(PRODUCTS),
            "units": units,
            "price": price,
            "discount": rng.choice([0, 0, 0.05, 0.1, 0.15]),
        })
    return rows


def render(rows):
    out = []
    header = f"{'ID':>6} | {'Region':<8} | {'Product':^12} | {'Units':>5} | {'Price':>10} | {'Disc':>5} | {'Total':>13}"
    out.append(header)
    out.append("-" * len(header))
    grand = 0.0
    for r in rows:
        total = r["units"] * r["price"] * (1 - r["discount"])
        grand += total
        out.append(f"{r['id']:>6} | {r['region']:<8} | {r['product']:^12} | {r['units']:>5d} | "
                   f"{r['price']:>10,.2f} | {r['discount']:>5.0%} | {total:>13,.2f}")
    out.append("-" * len(header))
    out.append("{:>6} | {:<8} | {:^12} | {:>5} | {:>10} | {:>5} | {:>13,.2f}".format(
        "", "TOTAL", "", "", "", "", grand))
    return out, grand


def summary(rows):
    lines = []
    by_region = {}
    for r in rows:
        by_region.setdefault(r["region"], []).append(r)
    for region in sorted(by_region):
        items = by_region[region]
        units = sum(r["units"] for r in items)
        revenue = sum(r["units"] * r["price"] * (1 - r["discount"]) for r in items)
        lines.append("%-8s %6d orders %9d units %16s revenue %7.3f%% avg"
                     % (region, len(items), units, format(revenue, ",.2f"),
                        100 * revenue / units / 1000))
        lines.append("{0:*^60}".format(" " + region.upper() + " "))
    return lines


def parse_back(lines):
    total = 0.0
    ids = 0
    for line in lines[2:-2]:
        cells = [c.strip() for c in line.split("|")]
        ids += int(cells[0])
        total += float(cells[6].replace(",", ""))
    return ids, total


rng = random.Random(5)
checks = []
for month in range(1, 13):
    rows = make_rows(rng, 10000)
    lines, grand = render(rows)
    ids, parsed_total = parse_back(lines)
    assert ids == sum(r["id"] for r in rows)
    assert abs(parsed_total - grand) < 0.01 * len(rows)
    text = "\n".join(lines + summary(rows))
    checks.append((month, len(text), text.count("%"), round(grand, 2)))
    title = f"Report for {month:02d}/2026".center(40, "=")
print(title)
print(lines[0])
print(lines[2])
print(lines[-1])
print(summary(rows)[0])
print(checks[0], checks[-1], sum(c[1] for c in checks))
print("%s|%5s|%-5s|%05.1f|%x|%o|%e|%+d" % ("a", "b", "c", 3.14159, 255, 8, 12345.678, 7))
print("{!r:>10}|{:#x}|{:b}|{:_}|{:.3g}".format("q", 255, 10, 10**7, 1234.5678))
