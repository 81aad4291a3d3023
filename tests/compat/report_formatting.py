"""Formatting a sales report with f-strings, str.format and %-formatting."""

sales = [
    ("North", "Q1", 12500.5), ("North", "Q2", 13950.25), ("South", "Q1", 8700.0),
    ("South", "Q2", 9120.75), ("East", "Q1", 15230.1), ("East", "Q2", 14100.0),
    ("West", "Q1", 6050.45), ("West", "Q2", 7999.99),
]
regions = []
for region, _, _ in sales:
    if region not in regions:
        regions.append(region)
totals = {r: sum(v for reg, _, v in sales if reg == r) for r in regions}
grand = sum(totals.values())
print("=" * 46)
print("{:^46}".format("SALES REPORT"))
print("=" * 46)
print(f"{'Region':<10}{'Q1':>12}{'Q2':>12}{'Total':>12}")
print("-" * 46)
for r in regions:
    q = {quarter: v for reg, quarter, v in sales if reg == r}
    print(f"{r:<10}{q['Q1']:>12,.2f}{q['Q2']:>12,.2f}{totals[r]:>12,.2f}")
print("-" * 46)
print(f"{'Total':<10}{'':>24}{grand:>12,.2f}")
print()
for r in sorted(regions, key=totals.get, reverse=True):
    share = totals[r] / grand
    print("%-6s %5.1f%% %s" % (r, share * 100, "#" * int(share * 40)))
print()
best = max(sales, key=lambda s: s[2])
print("Best quarter: {0} {1} with {2:,.0f}".format(*best))
print("Growth:")
for r in regions:
    q1, q2 = (v for reg, _, v in sales if reg == r)
    change = (q2 - q1) / q1
    print(f"  {r:>5}: {change:+.1%} {'up' if change > 0 else 'down'}")
print("%(n)d regions, average %(avg).2f per region" % {"n": len(regions), "avg": grand / len(regions)})
print(f"{grand:e} | {grand:.3g} | {int(grand):x} | {int(grand):_d} | {round(grand, -3):.0f}")
