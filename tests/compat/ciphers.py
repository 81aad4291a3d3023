"""Caesar and Vigenere ciphers, plus frequency-based Caesar cracking."""
import string

LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase


def shift_char(ch, k):
    if ch in LOWER:
        return LOWER[(LOWER.index(ch) + k) % 26]
    if ch in UPPER:
        return UPPER[(UPPER.index(ch) + k) % 26]
    return ch


def caesar(text, k):
    return "".join(shift_char(ch, k) for ch in text)


def vigenere(text, key, decrypt=False):
    out, i = [], 0
    for ch in text:
        if ch.isalpha():
            k = LOWER.index(key[i % len(key)].lower())
            out.append(shift_char(ch, -k if decrypt else k))
            i += 1
        else:
            out.append(ch)
    return "".join(out)


ENGLISH = "etaoinshrdlcumwfgypbvkjxqz"


def crack(cipher):
    def score(text):
        s = 0
        for ch in text.lower():
            if ch in LOWER:
                s += 26 - ENGLISH.index(ch)
        return s
    return max(range(26), key=lambda k: score(caesar(cipher, -k)))


msg = "The Quick Brown Fox Jumps Over The Lazy Dog, again and again!"
for k in (3, 13, 25):
    enc = caesar(msg, k)
    print(f"caesar {k:2}: {enc}")
    assert caesar(enc, -k) == msg
table = str.maketrans(LOWER + UPPER, LOWER[13:] + LOWER[:13] + UPPER[13:] + UPPER[:13])
print("rot13 via translate:", msg.translate(table))
enc = vigenere(msg, "lemon")
print("vigenere:", enc)
print("decrypted:", vigenere(enc, "lemon", decrypt=True))
secret = caesar("meet me at the usual place at ten rather than eight o clock", 7)
k = crack(secret)
print("cracked key:", k, "->", caesar(secret, -k))
print("punctuation kept:", caesar(string.punctuation[:10], 5) == string.punctuation[:10])
