# Word counts in dicts, string splitting, joins and formatting.
words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]
lines = []
for i in range(40000):
    a = words[i % 10]
    b = words[(i * 7) % 10]
    c = words[(i * 3 + 1) % 10]
    lines.append(f"{a} {b} {c} {i % 97}")
counts = {}
lengths = {}
for _ in range(6):
    for line in lines:
        for w in line.split():
            counts[w] = counts.get(w, 0) + 1
            lengths[len(w)] = lengths.get(len(w), 0) + 1
report = []
for w in sorted(counts, key=lambda k: (-counts[k], k))[:15]:
    report.append("%s=%d" % (w, counts[w]))
joined = ",".join(report)
upper = "-".join(s.upper() for s in joined.split(",")[:5])
print(len(counts), sorted(lengths.items()), upper, len(joined))
