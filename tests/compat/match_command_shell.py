# A tiny command interpreter: each input line is split into words and
# dispatched with a match statement over the resulting list.

inventory = {"lamp": 1, "key": 0}
location = "hall"
rooms = {"hall": ["north", "east"], "kitchen": ["south"], "study": ["west"]}
exits = {("hall", "north"): "kitchen", ("kitchen", "south"): "hall",
         ("hall", "east"): "study", ("study", "west"): "hall"}
log = []


def run(line):
    global location
    match line.split():
        case []:
            return "say something"
        case ["quit" | "exit" | "bye"]:
            return "goodbye"
        case ["look"]:
            return f"you are in the {location}; exits: {', '.join(rooms[location])}"
        case ["go", direction] if (location, direction) in exits:
            location = exits[location, direction]
            return f"you walk {direction} to the {location}"
        case ["go", direction]:
            return f"you cannot go {direction} from the {location}"
        case ["go"]:
            return "go where?"
        case ["take", item] if item in inventory:
            inventory[item] += 1
            return f"you take the {item} (now {inventory[item]})"
        case ["take", *items] if len(items) > 1:
            taken = [i for i in items if i in inventory]
            for i in taken:
                inventory[i] += 1
            return f"you take {len(taken)} of {len(items)} things"
        case ["take", item]:
            return f"there is no {item} here"
        case ["drop", ("lamp" | "key") as item]:
            if inventory[item] == 0:
                return f"you have no {item}"
            inventory[item] -= 1
            return f"dropped the {item}"
        case ["say", *words]:
            return " ".join(words).upper() + "!"
        case ["repeat", count, *rest] if count.isdigit():
            return " / ".join([run(" ".join(rest))] * int(count))
        case [verb, *_]:
            return f"I don't know how to {verb!r}"


script = """
look
go north
look
go west
go south
go east

take lamp
take key lamp sword
take sword
drop key
drop key
drop key
drop sword
say hello there
repeat 2 look
repeat x look
dance wildly
go
quit
"""

for line in script.strip("\n").split("\n"):
    answer = run(line)
    log.append(answer)
    print(f"> {line:<22} {answer}")

print(sorted(inventory.items()))
print(len(log), "commands")


def classify(words):
    match words:
        case (first, second):
            return f"pair {first}+{second}"
        case (first, *middle, last):
            return f"{first}..{last} with {len(middle)} inside"
        case _:
            return "other"


for words in [("a", "b"), ["x", "y", "z", "w"], ("solo",), "ab", range(4), []]:
    print(repr(words), "->", classify(words))
