# A tokenizer for a small C-like language written with str methods
# (isalpha, isdigit, isspace, startswith, find) rather than regular
# expressions, as hand-written lexers are; tokens are namedtuples with
# line/column, followed by a brace-matching and identifier-statistics pass.
from collections import namedtuple

Token = namedtuple("Token", "kind text line col")

KEYWORDS = {"int", "float", "if", "else", "while", "for", "return", "struct", "void", "char"}
OPERATORS = ["<<=", ">>=", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=",
             "/=", "->", "<<", ">>", "+", "-", "*", "/", "%", "=", "<", ">", "!", "&", "|",
             "^", "~", "?", ":", ";", ",", ".", "(", ")", "[", "]", "{", "}"]


class LexError(Exception):
    pass


def tokenize(src):
    tokens = []
    i, line, line_start = 0, 1, 0
    n = len(src)
    while i < n:
        ch = src[i]
        col = i - line_start + 1
        if ch == "\n":
            line += 1
            line_start = i + 1
            i += 1
        elif ch.isspace():
            i += 1
        elif src.startswith("//", i):
            end = src.find("\n", i)
            i = n if end < 0 else end
        elif src.startswith("/*", i):
            end = src.find("*/", i + 2)
            if end < 0:
                raise LexError(f"unterminated comment at {line}:{col}")
            line += src.count("\n", i, end)
            if "\n" in src[i:end]:
                line_start = src.rfind("\n", i, end) + 1
            i = end + 2
        elif ch.isalpha() or ch == "_":
            j = i + 1
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            word = src[i:j]
            tokens.append(Token("keyword" if word in KEYWORDS else "ident", word, line, col))
            i = j
        elif ch.isdigit():
            j = i + 1
            while j < n and (src[j].isdigit() or src[j] == "."):
                j += 1
            tokens.append(Token("number", src[i:j], line, col))
            i = j
        elif ch == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            if j >= n:
                raise LexError(f"unterminated string at {line}:{col}")
            tokens.append(Token("string", src[i:j + 1], line, col))
            i = j + 1
        else:
            for op in OPERATORS:
                if src.startswith(op, i):
                    tokens.append(Token("op", op, line, col))
                    i += len(op)
                    break
            else:
                raise LexError(f"unexpected {ch!r} at {line}:{col}")
    return tokens


def check_braces(tokens):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    depth = 0
    for t in tokens:
        if t.text in "([{" and t.kind == "op":
            stack.append(t)
            depth = max(depth, len(stack))
        elif t.text in pairs and t.kind == "op":
            if not stack or stack[-1].text != pairs[t.text]:
                return f"mismatched {t.text} at {t.line}:{t.col}", depth
            stack.pop()
    return ("ok" if not stack else f"unclosed {stack[-1].text}"), depth


TEMPLATE = """
/* module {n}: a made-up unit
   with a block comment */
struct point{n} {{ int x; int y; float weight; }};

int scale{n}(struct point{n} *p, int factor) {{
    // multiply both coordinates
    p->x *= factor; p->y *= factor;
    if (p->x >= 100 && p->y != 0) {{ return p->x << 2; }}
    else {{ return (p->y + {n}) % 7; }}
}}

float mean{n}(float values[], int count) {{
    float total = 0.0;
    for (int i = 0; i < count; ++i) {{ total += values[i] * 1.5; }}
    char *label = "mean of \\"values\\" {n}";
    return count ? total / count : -1;
}}
"""

source = "".join(TEMPLATE.format(n=n) for n in range(400))
kinds = {}
idents = {}
for _ in range(5):
    tokens = tokenize(source)
for t in tokens:
    kinds[t.kind] = kinds.get(t.kind, 0) + 1
    if t.kind == "ident":
        base = t.text.rstrip("0123456789")
        idents[base] = idents.get(base, 0) + 1
status, depth = check_braces(tokens)
bad = 0
for snippet in ['int x = 1 @ 2;', 'char *s = "open;', '/* never closed', 'f(a[1)]']:
    try:
        result = check_braces(tokenize(snippet))
        if result[0] != "ok":
            bad += 1
    except LexError:
        bad += 1
last = tokens[-1]
print(len(source), len(tokens), sorted(kinds.items()), status, depth, bad)
print(sorted(idents.items(), key=lambda kv: (-kv[1], kv[0]))[:6], last, tokens[40])
