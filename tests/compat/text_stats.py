"""Text statistics: word frequencies, sentence lengths, letter histogram."""

TEXT = """It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was the
epoch of incredulity, it was the season of Light, it was the season of Darkness,
it was the spring of hope, it was the winter of despair. We had everything before
us, we had nothing before us. We were all going direct to Heaven; we were all
going direct the other way."""


def words(text):
    cleaned = "".join(ch.lower() if ch.isalpha() else " " for ch in text)
    return cleaned.split()


def sentences(text):
    result = []
    current = []
    for ch in text.replace("\n", " "):
        current.append(ch)
        if ch in ".;!?":
            s = "".join(current).strip()
            if s:
                result.append(s)
            current = []
    return result


ws = words(TEXT)
print("words:", len(ws), "unique:", len(set(ws)))
freq = {}
for w in ws:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
for w, n in top:
    print(f"{w:>8} {n:3d} {'*' * n}")
lengths = [len(s.split()) for s in sentences(TEXT)]
print("sentences:", len(lengths), "lengths:", lengths)
print("average sentence length: %.2f" % (sum(lengths) / len(lengths)))
letters = {}
for ch in TEXT.lower():
    if ch.isalpha():
        letters[ch] = letters.get(ch, 0) + 1
common = sorted(letters, key=lambda c: (-letters[c], c))[:5]
print("most common letters:", ", ".join(f"{c}={letters[c]}" for c in common))
longest = max(ws, key=lambda w: (len(w), w))
print("longest word:", longest, len(longest))
print("capitalized words:", sorted({w.strip(".,;") for w in TEXT.split() if w[0].isupper()}))
