# A container that holds itself prints as [...]; a __repr__ or __str__ that
# asks for its own repr recurses until RecursionError, as in CPython.


class Loop:
    def __repr__(self):
        return "Loop(" + repr(self) + ")"


class StrLoop:
    def __str__(self):
        return "<" + str(self) + ">"


class Pair:
    def __init__(self, name):
        self.name = name
        self.partner = None

    def __repr__(self):
        return f"Pair({self.name}, {self.partner!r})"


class Bag(list):
    pass


class Table(dict):
    pass


def show(label, thunk):
    try:
        print(label, thunk())
    except RecursionError:
        print(label, "RecursionError")


show("repr(self) in __repr__:", lambda: repr(Loop()))
show("str(self) in __str__:", lambda: str(StrLoop()))
show("f-string of itself:", lambda: f"{StrLoop()}")
a, b = Pair("a"), Pair("b")
a.partner, b.partner = b, a
show("two instances in a cycle:", lambda: repr(a))
b.partner = None
show("the cycle broken:", lambda: repr(a))

items = [1, 2]
items.append(items)
show("list holding itself:", lambda: repr(items))
mapping = {"k": 1}
mapping["self"] = mapping
show("dict holding itself:", lambda: repr(mapping))
nested = [[]]
nested[0].append(nested)
show("list inside its own item:", lambda: repr(nested))
bag = Bag([0])
bag.append(bag)
show("list subclass holding itself:", lambda: repr(bag))
table = Table(x=0)
table["me"] = table
show("dict subclass holding itself:", lambda: repr(table))
pair = Pair("p")
pair.partner = [pair]
show("instance and list in a cycle:", lambda: repr(pair))
show("after the errors:", lambda: repr([Pair("q"), items]))
