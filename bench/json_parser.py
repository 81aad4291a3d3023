# A recursive-descent JSON parser written the textbook way: a lexer that
# walks the text one character at a time and yields Token objects, and a
# parser with one method per grammar rule. Checked against a serializer.


class Token:
    __slots__ = ("kind", "value", "pos")

    def __init__(self, kind, value, pos):
        self.kind = kind
        self.value = value
        self.pos = pos

    def __repr__(self):
        return f"Token({self.kind!r}, {self.value!r}, {self.pos})"


class ParseError(Exception):
    def __init__(self, message, pos):
        super().__init__(f"{message} at position {pos}")
        self.pos = pos


PUNCTUATION = {"{": "LBRACE", "}": "RBRACE", "[": "LBRACKET", "]": "RBRACKET",
               ":": "COLON", ",": "COMMA"}
ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n",
           "r": "\r", "t": "\t"}


class Lexer:
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def peek(self):
        if self.pos < len(self.text):
            return self.text[self.pos]
        return ""

    def advance(self):
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def skip_whitespace(self):
        while self.peek() in (" ", "\t", "\n", "\r") and self.peek() != "":
            self.pos += 1

    def read_string(self):
        start = self.pos
        self.advance()  # the opening quote
        chars = []
        while True:
            ch = self.peek()
            if ch == "":
                raise ParseError("unterminated string", start)
            self.advance()
            if ch == '"':
                return "".join(chars)
            if ch == "\\":
                esc = self.advance()
                if esc == "u":
                    code = self.text[self.pos:self.pos + 4]
                    self.pos += 4
                    chars.append(chr(int(code, 16)))
                elif esc in ESCAPES:
                    chars.append(ESCAPES[esc])
                else:
                    raise ParseError(f"bad escape \\{esc}", self.pos)
            else:
                chars.append(ch)

    def read_number(self):
        start = self.pos
        if self.peek() == "-":
            self.advance()
        while self.peek().isdigit():
            self.advance()
        is_float = False
        if self.peek() == ".":
            is_float = True
            self.advance()
            while self.peek().isdigit():
                self.advance()
        if self.peek() in ("e", "E"):
            is_float = True
            self.advance()
            if self.peek() in ("+", "-"):
                self.advance()
            while self.peek().isdigit():
                self.advance()
        text = self.text[start:self.pos]
        return float(text) if is_float else int(text)

    def read_word(self):
        start = self.pos
        while self.peek().isalpha():
            self.advance()
        word = self.text[start:self.pos]
        if word == "true":
            return True
        if word == "false":
            return False
        if word == "null":
            return None
        raise ParseError(f"unknown literal {word!r}", start)

    def tokens(self):
        while True:
            self.skip_whitespace()
            ch = self.peek()
            pos = self.pos
            if ch == "":
                yield Token("EOF", None, pos)
                return
            if ch in PUNCTUATION:
                self.advance()
                yield Token(PUNCTUATION[ch], ch, pos)
            elif ch == '"':
                yield Token("STRING", self.read_string(), pos)
            elif ch == "-" or ch.isdigit():
                yield Token("NUMBER", self.read_number(), pos)
            elif ch.isalpha():
                yield Token("LITERAL", self.read_word(), pos)
            else:
                raise ParseError(f"unexpected {ch!r}", pos)


class Parser:
    def __init__(self, text):
        self.tokens = Lexer(text).tokens()
        self.current = next(self.tokens)

    def expect(self, kind):
        token = self.current
        if token.kind != kind:
            raise ParseError(f"expected {kind}, got {token.kind}", token.pos)
        if kind != "EOF":
            self.current = next(self.tokens)
        return token

    def parse(self):
        value = self.value()
        self.expect("EOF")
        return value

    def value(self):
        kind = self.current.kind
        if kind == "LBRACE":
            return self.obj()
        if kind == "LBRACKET":
            return self.array()
        if kind in ("STRING", "NUMBER", "LITERAL"):
            return self.expect(kind).value
        raise ParseError(f"unexpected {kind}", self.current.pos)

    def obj(self):
        self.expect("LBRACE")
        result = {}
        if self.current.kind == "RBRACE":
            self.expect("RBRACE")
            return result
        while True:
            key = self.expect("STRING").value
            self.expect("COLON")
            result[key] = self.value()
            if self.current.kind == "COMMA":
                self.expect("COMMA")
                continue
            self.expect("RBRACE")
            return result

    def array(self):
        self.expect("LBRACKET")
        result = []
        if self.current.kind == "RBRACKET":
            self.expect("RBRACKET")
            return result
        while True:
            result.append(self.value())
            if self.current.kind == "COMMA":
                self.expect("COMMA")
                continue
            self.expect("RBRACKET")
            return result


def dump(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        out = ['"']
        for ch in value:
            if ch == '"' or ch == "\\":
                out.append("\\" + ch)
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\t":
                out.append("\\t")
            elif ord(ch) < 32 or ord(ch) > 126:
                out.append(f"\\u{ord(ch):04x}")
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(value, list):
        return "[" + ", ".join(dump(v) for v in value) + "]"
    return "{" + ", ".join(f"{dump(k)}: {dump(v)}" for k, v in value.items()) + "}"


def make_document(n):
    users = []
    for i in range(n):
        users.append({
            "id": i,
            "name": f"user {i}\twith \"quotes\"",
            "email": f"user{i}@example.org",
            "active": i % 3 != 0,
            "score": round(i * 1.37 % 100, 2),
            "tags": ["alpha", "beta", f"t{i % 7}"],
            "address": {"street": f"{i} Main St", "zip": f"{10000 + i}", "geo": [i / 8, -i / 16]},
            "note": None if i % 5 else "caf\u00e9 \u2603",
        })
    return {"version": 3, "users": users, "meta": {"count": n, "ok": True}}


def count_nodes(value):
    if isinstance(value, dict):
        return 1 + sum(count_nodes(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(count_nodes(v) for v in value)
    return 1


document = make_document(300)
text = dump(document)
total = 0
for _ in range(32):
    parsed = Parser(text).parse()
    assert parsed == document
    total += count_nodes(parsed)
assert dump(parsed) == text

errors = 0
for bad in ['{"a": }', "[1, 2", '{"a" 1}', "tru", '"open', "[1,,2]"]:
    try:
        Parser(bad).parse()
    except ParseError:
        errors += 1
print(len(text), total, errors, parsed["users"][7]["name"], parsed["users"][5]["note"].encode())
