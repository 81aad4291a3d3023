# A link crawler's bookkeeping over a fake site: the frontier and the seen
# set grow with |= and update(), pages to skip are taken out with -= and
# difference_update(). Ten thousand pages, so a set operation whose cost
# grew with the set's size (rather than the change) would show.
def links(page):
    n = int(page[1:])
    return {f"p{(n * 7 + 3) % 10007}", f"p{(n * 13 + 1) % 10007}", f"p{n // 2}"}


seen = {"p0"}
frontier = {"p0"}
skipped = set()
rounds = 0
while frontier:
    rounds += 1
    found = set()
    for page in sorted(frontier):
        found |= links(page)
    banned = {p for p in found if p.endswith("13")}
    found -= banned
    skipped.update(banned, ["p13"])
    found.difference_update(seen)
    seen |= found
    frontier = found

print("rounds", rounds)
print("seen", len(seen), "skipped", len(skipped))
print("first", sorted(seen, key=lambda p: int(p[1:]))[:8])
print(len(seen & skipped), len(seen | skipped), len(seen ^ skipped))

tags = {"python", "rust"}
alias = tags
alias |= {"go"}
alias -= {"rust"}
print(sorted(tags), alias is tags)
tags |= tags
tags -= set()
print(sorted(tags), len(tags))
frozen = frozenset({"c", "go"})
tags |= frozen
tags -= frozen
print(sorted(tags))
try:
    for t in tags:
        tags |= {t + "!"}
except RuntimeError as e:
    print("RuntimeError:", e)
