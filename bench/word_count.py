# Text processing: build a corpus with f-strings and joins, then count
# words, bigrams and line lengths with split, strip, lower and dicts, and
# format a frequency report.
import random

WORDS = ("the quick brown fox jumps over lazy dog while river stone "
         "light shadow market garden window silver paper engine music "
         "north south winter summer number letter signal forest castle").split()


def make_corpus(rng, lines):
    out = []
    for i in range(lines):
        n = rng.randint(4, 14)
        words = [rng.choice(WORDS) for _ in range(n)]
        if i % 3 == 0:
            words[0] = words[0].capitalize()
        punct = rng.choice([".", "!", "?", ",", ";"])
        out.append(f"{' '.join(words)}{punct} ({i})")
    return "\n".join(out)


def normalize(token):
    return token.strip(".,;:!?()").lower()


def count_words(text):
    counts = {}
    bigrams = {}
    line_lengths = {}
    for line in text.splitlines():
        tokens = [normalize(t) for t in line.split()]
        tokens = [t for t in tokens if t and not t.isdigit()]
        line_lengths[len(tokens)] = line_lengths.get(len(tokens), 0) + 1
        for t in tokens:
            counts[t] = counts.get(t, 0) + 1
        for a, b in zip(tokens, tokens[1:]):
            key = a + " " + b
            bigrams[key] = bigrams.get(key, 0) + 1
    return counts, bigrams, line_lengths


def report(counts, bigrams, top):
    lines = []
    total = sum(counts.values())
    for word, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        lines.append(f"{word:<10} {n:>7} {100 * n / total:6.2f}%")
    for pair, n in sorted(bigrams.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        lines.append(f"{pair:<20}{n:>6}")
    return "\n".join(lines)


rng = random.Random(2024)
text = make_corpus(rng, 20000)
for _ in range(6):
    counts, bigrams, lengths = count_words(text)
rep = report(counts, bigrams, 8)
capitalized = sum(1 for w in text.split() if w[:1].isupper())
acronym = "".join(w[0].upper() for w in sorted(counts))
print(len(text), len(counts), len(bigrams), sorted(lengths.items())[:4], capitalized)
print(acronym)
print(rep)
