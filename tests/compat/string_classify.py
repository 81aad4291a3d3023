# Classifying characters and checking password rules with the string
# module's constants, capwords and translation tables.
import string


def classify(text):
    counts = {"lower": 0, "upper": 0, "digit": 0, "punct": 0, "space": 0, "other": 0}
    for ch in text:
        if ch in string.ascii_lowercase:
            counts["lower"] += 1
        elif ch in string.ascii_uppercase:
            counts["upper"] += 1
        elif ch in string.digits:
            counts["digit"] += 1
        elif ch in string.punctuation:
            counts["punct"] += 1
        elif ch in string.whitespace:
            counts["space"] += 1
        else:
            counts["other"] += 1
    return counts


def strong(pw):
    return (len(pw) >= 10 and any(c in string.ascii_lowercase for c in pw)
            and any(c in string.ascii_uppercase for c in pw)
            and any(c in string.digits for c in pw) and any(c in string.punctuation for c in pw))


def main():
    print(len(string.ascii_letters), len(string.digits), len(string.punctuation), len(string.printable))
    print(repr(string.whitespace), string.hexdigits, string.octdigits)
    print(string.ascii_letters == string.ascii_lowercase + string.ascii_uppercase)
    print(all(c in string.printable for c in string.ascii_letters + string.digits + string.punctuation))
    for text in ["Hello, World! 123", "tab\there\nnew line", "caf\u00e9 \u2014 na\u00efve"]:
        print(repr(text), classify(text))
    for pw in ["password", "Password1", "Pa$$w0rd-2024", "short1!A"]:
        print(f"{pw:15} strong={strong(pw)}")
    print(string.capwords("the quick  brown\tfox"), "|", string.capwords("a-b-c", "-"))
    table = str.maketrans("", "", string.punctuation)
    print("no punctuation:", "It's 5 o'clock, isn't it?".translate(table))
    rot13 = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                          string.ascii_lowercase[13:] + string.ascii_lowercase[:13]
                          + string.ascii_uppercase[13:] + string.ascii_uppercase[:13])
    print("rot13:", "Hello, World!".translate(rot13), "Uryyb".translate(rot13))
    hexed = "".join(string.hexdigits[(b >> 4) & 15] + string.hexdigits[b & 15] for b in b"\x00\x7f\xff")
    print("hex:", hexed)


main()
