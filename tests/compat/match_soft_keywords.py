# `match` and `case` are soft keywords: everywhere outside a match
# statement they are ordinary names, as in programs written before 3.10.
import re

match = re.match(r"(\w+)-(\d+)", "item-42")
print(match.group(1), match.group(2))
print(match is not None, bool(match))

case = 1
case += 1
print("case", case)

match, case = "m", "c"
print(match + case)


def case(x):
    return x * 2


def match(pattern, text):
    return re.match(pattern, text) is not None


print(case(21))
print(match(r"\d+", "123"), match(r"\d+", "abc"))


class match:
    case = "class attribute"

    def __init__(self, case):
        self.case = case


m = match("instance attribute")
print(match.case, "/", m.case)

match = [1, 2, 3]
match[0] = 10
print(match[0], match[1:])
match: list = [4, 5]
print(match)
match[0]: int = 99
print(match)

# Expressions that start with `match` are not statements.
match = {"k": (1, 2)}
match["k"]
print(match["k"], len(match))
match = 3
print(match * 2, -match, match if match else 0)
match = lambda case: case + 1
print(match(1))
match = [lambda: "called"]
print(match[0]())
print((lambda match: match)(5))
print([match for match in range(3)])
print({case: case for case in "ab"})


# A match statement whose subject and patterns use the names too.
match = {"case": "upper", "text": "soft keywords"}
case = "case"
match match:
    case {"case": "upper", "text": text}:
        print(text.upper())
    case {"case": case}:
        print("other case", case)

match = ("match", "case")
match match:
    case ("match", case):
        print("second is", case)

# A match statement nested in a case body, and names called match/case
# inside the cases.
def nested(value):
    match value:
        case [inner]:
            match inner:
                case int(match):
                    return f"int {match}"
                case str(case):
                    return f"str {case}"
        case _:
            return "other"


print(nested([5]), nested(["s"]), nested([1.5]), nested(7))

print("match" in dir(__builtins__), "case" in dir(__builtins__))
