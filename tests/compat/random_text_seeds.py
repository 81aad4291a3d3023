# Seeding with text gives the same sequence in every run (a str's hash is
# randomized per process, the seed does not use it).
import random

for seed in ["spam", "", "naïve café", b"bytes seed", bytearray(b"mutable seed")]:
    random.seed(seed)
    first = [random.randint(1, 1000) for _ in range(5)]
    random.seed(seed)
    again = [random.randint(1, 1000) for _ in range(5)]
    print(repr(seed), first, first == again)

rng = random.Random("deck")
cards = list(range(10))
rng.shuffle(cards)
print("shuffled:", cards)
print("choice:", random.Random(b"pick").choice("abcdefg"))
