"""Paragraph wrapping and justification implemented with str methods."""

TEXT = ("Python is an easy to learn, powerful programming language. It has efficient high-level "
        "data structures and a simple but effective approach to object-oriented programming. "
        "Python's elegant syntax and dynamic typing, together with its interpreted nature, make it "
        "an ideal language for scripting and rapid application development.")


def wrap(text, width):
    lines, current = [], []
    for word in text.split():
        if current and len(" ".join(current + [word])) > width:
            lines.append(current)
            current = []
        current.append(word)
    if current:
        lines.append(current)
    return lines


def justify(words, width):
    if len(words) == 1:
        return words[0].ljust(width)
    gaps = len(words) - 1
    spaces = width - sum(len(w) for w in words)
    base, extra = divmod(spaces, gaps)
    out = ""
    for i, w in enumerate(words[:-1]):
        out += w + " " * (base + (1 if i < extra else 0))
    return out + words[-1]


for width in (40, 60):
    print(f"--- width {width}, left ---")
    for line in wrap(TEXT, width):
        print("|" + " ".join(line).ljust(width) + "|")
print("--- width 50, justified ---")
lines = wrap(TEXT, 50)
for line in lines[:-1]:
    print("|" + justify(line, 50) + "|")
print("|" + " ".join(lines[-1]).ljust(50) + "|")
print("--- centered title ---")
print("[" + "The Python Tutorial".center(40, "~") + "]")
print("--- first letters ---")
print("".join(w[0] for w in TEXT.split() if w[0].isupper()))
print(TEXT.count("Python"), TEXT.lower().count("python"), TEXT.find("syntax"), TEXT.rfind("Python"))
print(TEXT[:30].title(), "|", TEXT[:30].swapcase(), "|", TEXT.split(". ")[1][:25])
