"""A tiny tokenizer and recursive-descent calculator for arithmetic expressions."""


class Token:
    def __init__(self, kind, value, pos):
        self.kind, self.value, self.pos = kind, value, pos

    def __repr__(self):
        return f"{self.kind}:{self.value!r}"


def tokenize(src):
    tokens = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit() or ch == ".":
            start = i
            while i < len(src) and (src[i].isdigit() or src[i] == "."):
                i += 1
            text = src[start:i]
            tokens.append(Token("num", float(text) if "." in text else int(text), start))
        elif ch.isalpha() or ch == "_":
            start = i
            while i < len(src) and (src[i].isalnum() or src[i] == "_"):
                i += 1
            tokens.append(Token("name", src[start:i], start))
        elif ch in "+-*/()^%,":
            tokens.append(Token("op", ch, i))
            i += 1
        else:
            raise SyntaxError(f"unexpected character {ch!r} at {i}")
    tokens.append(Token("end", None, len(src)))
    return tokens


class Parser:
    def __init__(self, tokens, env):
        self.tokens, self.i, self.env = tokens, 0, env

    def peek(self):
        return self.tokens[self.i]

    def take(self, value=None):
        tok = self.tokens[self.i]
        if value is not None and tok.value != value:
            raise SyntaxError(f"expected {value!r} at {tok.pos}, got {tok.value!r}")
        self.i += 1
        return tok

    def expr(self):
        value = self.term()
        while self.peek().value in ("+", "-"):
            op = self.take().value
            rhs = self.term()
            value = value + rhs if op == "+" else value - rhs
        return value

    def term(self):
        value = self.factor()
        while self.peek().value in ("*", "/", "%"):
            op = self.take().value
            rhs = self.factor()
            if op == "*":
                value *= rhs
            elif op == "/":
                value /= rhs
            else:
                value %= rhs
        return value

    def factor(self):
        base = self.unary()
        if self.peek().value == "^":
            self.take()
            return base ** self.factor()
        return base

    def unary(self):
        if self.peek().value == "-":
            self.take()
            return -self.unary()
        tok = self.take()
        if tok.kind == "num":
            return tok.value
        if tok.kind == "name":
            if self.peek().value == "(":
                self.take("(")
                args = [self.expr()]
                while self.peek().value == ",":
                    self.take()
                    args.append(self.expr())
                self.take(")")
                return self.env[tok.value](*args)
            return self.env[tok.value]
        if tok.value == "(":
            value = self.expr()
            self.take(")")
            return value
        raise SyntaxError(f"unexpected {tok.value!r} at {tok.pos}")


ENV = {"x": 3, "y": 4, "max": max, "min": min, "abs": abs}
print(tokenize("max(x, 2) * -3.5"))
for src in ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-x ^ 2", "10 / 4 + 7 % 4",
            "max(x, y, 2) * min(1, 0 - 5)", "abs(-2.5) * 2", "((((1))))", "1 +", "2 $ 3",
            "unknown + 1", "4 / (2 - 2)"]:
    try:
        print(f"{src:32} = {Parser(tokenize(src), ENV).expr()}")
    except SyntaxError as e:
        print(f"{src:32} ! syntax error: {e}")
    except KeyError as e:
        print(f"{src:32} ! unknown name {e}")
    except ZeroDivisionError as e:
        print(f"{src:32} ! {e}")
