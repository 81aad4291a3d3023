"""collections.Counter word count with most_common, arithmetic and defaultdict grouping."""
from collections import Counter, defaultdict

POEM = """
Tyger Tyger, burning bright,
In the forests of the night;
What immortal hand or eye,
Could frame thy fearful symmetry?
In what distant deeps or skies.
Burnt the fire of thine eyes?
On what wings dare he aspire?
What the hand, dare seize the fire?
"""

words = [w.strip(",.;?!").lower() for w in POEM.split()]
counts = Counter(words)
print("total words:", sum(counts.values()), "distinct:", len(counts))
for word, n in counts.most_common(6):
    print(f"{word:10}{n}")
by_length = defaultdict(list)
for w in sorted(counts):
    by_length[len(w)].append(w)
for length in sorted(by_length):
    print(length, " ".join(by_length[length]))
first_half = Counter(words[: len(words) // 2])
second_half = Counter(words[len(words) // 2:])
print("in both halves:", sorted((first_half & second_half).elements()))
print("only first half, top 3:", sorted((first_half - second_half).items())[:3])
letters = Counter(c for c in POEM.lower() if c.isalpha())
print("letters:", "".join(c for c, _ in sorted(letters.items(), key=lambda kv: (-kv[1], kv[0]))[:10]))
lines = [line for line in POEM.strip().splitlines()]
print("line with most words:", max(lines, key=lambda line: (len(line.split()), line)))
