# Private names in match statements inside a class body: capture names
# are mangled like every other name there, while the keyword names of a
# class pattern are attribute names looked up as written (CPython does not
# mangle them), so `case Token(__kind=...)` asks for `__kind` itself.


class Token:
    __match_args__ = ("kind", "text")

    def __init__(self, kind, text):
        self.kind = kind
        self.text = text
        self.__line = 1
        setattr(self, "__raw", text.upper())


class Lexer:
    __keywords = {"if", "else", "while"}

    def classify(self, tok):
        match tok:
            case Token("name", __word) if __word in self.__keywords:
                return "keyword " + __word
            case Token(__raw="IF"):
                return "raw attribute"
            case Token(_Token__line=line, kind="num"):
                return "number on line %d" % line
            case Token(__line=line):
                return "unreachable %r" % line
            case Token(kind=__k, text=__t):
                return "%s:%s" % (__k, __t)

    def names(self):
        match self.classify(Token("name", "while")):
            case str() as __result:
                return [n for n in sorted(locals()) if "result" in n], __result


lexer = Lexer()
for tok in [Token("name", "if"), Token("str", "if"), Token("name", "while"), Token("num", "42"),
            Token("name", "x"), Token("op", "+")]:
    print(tok.kind, tok.text, "->", lexer.classify(tok))
print(lexer.names())
print(sorted(k for k in vars(Token("op", "-")) if "line" in k or "raw" in k))
