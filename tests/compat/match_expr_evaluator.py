# An expression evaluator over AST node classes: positional class patterns
# through __match_args__, keyword patterns, nesting, and simplification
# rules written as patterns.


class Node:
    __match_args__ = ()

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)

    def __repr__(self):
        args = ", ".join(repr(getattr(self, a)) for a in self.__match_args__)
        return f"{type(self).__name__}({args})"


class Num(Node):
    __match_args__ = ("value",)

    def __init__(self, value):
        self.value = value


class Var(Node):
    __match_args__ = ("name",)

    def __init__(self, name):
        self.name = name


class BinOp(Node):
    __match_args__ = ("op", "left", "right")

    def __init__(self, op, left, right):
        self.op = op
        self.left = left
        self.right = right


class Neg(Node):
    __match_args__ = ("operand",)

    def __init__(self, operand):
        self.operand = operand


class Let(Node):
    __match_args__ = ("name", "value", "body")

    def __init__(self, name, value, body):
        self.name = name
        self.value = value
        self.body = body


def evaluate(node, env):
    match node:
        case Num(value):
            return value
        case Var(name) if name in env:
            return env[name]
        case Var(name):
            raise NameError(f"unbound variable {name}")
        case Neg(operand):
            return -evaluate(operand, env)
        case BinOp("+", left, right):
            return evaluate(left, env) + evaluate(right, env)
        case BinOp("-", left, right):
            return evaluate(left, env) - evaluate(right, env)
        case BinOp("*", left, right):
            return evaluate(left, env) * evaluate(right, env)
        case BinOp("/", left, Num(0)):
            raise ZeroDivisionError("division by literal zero")
        case BinOp("/", left, right):
            return evaluate(left, env) / evaluate(right, env)
        case Let(name, value, body):
            return evaluate(body, {**env, name: evaluate(value, env)})
        case BinOp(op, _, _):
            raise ValueError(f"unknown operator {op!r}")
        case _:
            raise TypeError(f"not a node: {node!r}")


def simplify(node):
    match node:
        case BinOp(op, left, right):
            node = BinOp(op, simplify(left), simplify(right))
        case Neg(operand):
            node = Neg(simplify(operand))
    match node:
        case BinOp("+", Num(0), x) | BinOp("+", x, Num(0)):
            return x
        case BinOp("*", Num(1), x) | BinOp("*", x, Num(1)):
            return x
        case BinOp("*", Num(0), _) | BinOp("*", _, Num(0)):
            return Num(0)
        case BinOp("-", x, y) if x == y:
            return Num(0)
        case BinOp(op, Num(a), Num(b)) if op in "+-*":
            return Num(evaluate(node, {}))
        case Neg(Neg(x)):
            return x
        case Neg(Num(v)):
            return Num(-v)
        case _:
            return node


def show(node):
    match node:
        case Num(value=v):
            return str(v)
        case Var(name=n):
            return n
        case Neg(operand=o):
            return f"-{show(o)}"
        case BinOp(op=op, left=l, right=r):
            return f"({show(l)} {op} {show(r)})"
        case Let(name=n, value=v, body=b):
            return f"let {n} = {show(v)} in {show(b)}"


x, y = Var("x"), Var("y")
programs = [
    BinOp("+", Num(2), BinOp("*", Num(3), Num(4))),
    BinOp("*", BinOp("+", x, Num(0)), Num(1)),
    Let("x", Num(5), BinOp("-", BinOp("*", x, x), Neg(Neg(Num(1))))),
    BinOp("-", BinOp("+", x, y), BinOp("+", x, y)),
    BinOp("/", x, Num(0)),
    BinOp("/", Num(7), Num(2)),
    BinOp("%", Num(7), Num(2)),
    BinOp("+", Var("z"), Num(1)),
    Neg(Num(3)),
    BinOp("*", Num(0), Var("anything")),
]

env = {"x": 10, "y": -3}
for p in programs:
    s = simplify(p)
    try:
        result = evaluate(s, env)
    except (ZeroDivisionError, NameError, ValueError) as e:
        result = f"{type(e).__name__}: {e}"
    print(f"{show(p):<40} => {show(s):<22} = {result}")

print(repr(simplify(BinOp("+", Num(1), Num(2)))))
try:
    evaluate("oops", {})
except TypeError as e:
    print("TypeError:", e)


# Builtin classes match the subject itself for one positional pattern.
def kind(v):
    match v:
        case bool(b):
            return f"bool {b}"
        case int(i) if i < 0:
            return f"negative int {i}"
        case int(i):
            return f"int {i}"
        case float(f):
            return f"float {f}"
        case str(s):
            return f"str {s!r}"
        case list([first, *_]):
            return f"list starting with {first}"
        case tuple(t):
            return f"tuple of {len(t)}"
        case dict(d):
            return f"dict of {len(d)}"
        case set() | frozenset():
            return "some set"
        case _:
            return "something else"


for v in [True, -4, 7, 2.5, "hi", [9, 8], (), {"a": 1}, {1}, frozenset(), None, []]:
    print(kind(v))


# Errors a class pattern raises at run time.
class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


class Bad:
    __match_args__ = ["x"]


def attempt(subject, which):
    try:
        if which == 0:
            match subject:
                case Point(a, b, c):
                    return "three"
        elif which == 1:
            match subject:
                case Bad(a):
                    return "bad"
        elif which == 2:
            match subject:
                case Point(a, x=b):
                    return "dup"
        elif which == 3:
            match subject:
                case int(a, b):
                    return "two ints"
        elif which == 4:
            match subject:
                case Point(z=1):
                    return "no z"
        else:
            match subject:
                case Point(1, y):
                    return f"on x=1 at y={y}"
        return "no match"
    except TypeError as e:
        return f"TypeError: {e}"


print(attempt(Point(1, 2), 0))
print(attempt(Bad(), 1))
print(attempt(Point(1, 2), 2))
print(attempt(5, 3))
print(attempt(Point(1, 2), 4))
print(attempt(Point(1, 2), 5))
print(attempt(Point(2, 2), 5))
try:
    match 3:
        case len():
            pass
except TypeError as e:
    print("TypeError:", e)
