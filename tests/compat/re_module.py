# The re module: functions, flags, groups, lookaround, sub, split, errors,
# non-ASCII positions. Run by python3 and conc; outputs must be equal.
import re


def show(label, value):
    print(label, repr(value))


def span_all(pattern, text, flags=0):
    return [(m.span(), m.group()) for m in re.finditer(pattern, text, flags)]


# --- match / search / fullmatch -------------------------------------------
show("match", re.match(r"\d+", "123abc"))
show("match none", re.match(r"\d+", "abc123"))
show("search", re.search(r"\d+", "abc123def"))
show("fullmatch", re.fullmatch(r"\w+", "hello"))
show("fullmatch partial", re.fullmatch(r"\w+", "hello world"))
show("fullmatch backtracks", re.fullmatch(r"a|ab", "ab"))
show("match alt order", re.match(r"a|ab", "ab").group())
m = re.search(r"(\w+)@(\w+)\.com", "mail: alice@example.com!")
show("groups", m.groups())
show("group 0,1,2", m.group(0, 1, 2))
show("span", (m.span(), m.span(1), m.start(2), m.end(2)))
show("string/pos/endpos", (m.string, m.pos, m.endpos))
show("re is pattern", m.re.pattern)
show("getitem", (m[0], m[1], m[2]))
show("bool", bool(m))
show("regs", m.regs)

# --- named groups, groupdict, lastindex/lastgroup --------------------------
m = re.match(r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(?P<day>\d\d))?", "2024-05")
show("named", (m.group("year"), m["month"], m.group("day")))
show("groupdict", m.groupdict())
show("groupdict default", m.groupdict("--"))
show("groups default", m.groups(0))
show("lastindex", (m.lastindex, m.lastgroup))
for p, s in [(r"(a)()", "a"), (r"((a))", "a"), (r"(a)(b)?", "a"),
             (r"((a)b)", "ab"), (r"(a)|(b)", "b"), (r"x", "x"),
             (r"(?P<outer>(?P<inner>a)b)", "ab")]:
    m = re.match(p, s)
    show("lastindex " + p, (m.lastindex, m.lastgroup))
p = re.compile(r"(?P<first>\w+) (?P<last>\w+)")
show("groupindex", dict(p.groupindex))
show("groups count", p.groups)
try:
    re.match("(a)", "a").group(2)
except IndexError as e:
    show("no such group", str(e))
try:
    re.match("(a)", "a").group("x")
except IndexError as e:
    show("no such group name", str(e))

# --- findall / finditer -------------------------------------------------------
show("findall plain", re.findall(r"\d+", "a1b22c333"))
show("findall one group", re.findall(r"(\d)\d*", "a1b22c333"))
show("findall groups", re.findall(r"(\w)=(\d)?", "a=1 b= c=3"))
show("findall empty", re.findall(r"x*", "axxb"))
show("findall |a", re.findall(r"|a", "a"))
show("finditer", span_all(r"[aeiou]", "education"))
show("finditer empty", span_all(r"\b", "hi there"))
show("findall pos", re.compile(r"\w").findall("abcdef", 2, 4))

# --- sub / subn ------------------------------------------------------------------
show("sub", re.sub(r"\s+", " ", "a  b \t c"))
show("sub count", re.sub(r"a", "x", "aaaa", count=2))
show("sub empty", re.sub(r"x*", "-", "abxd"))
show("sub template", re.sub(r"(\w+)@(\w+)", r"\2 at \1", "joe@host, ann@web"))
show("sub named", re.sub(r"(?P<w>\w+)", r"<\g<w>>", "hi you"))
show("sub g<0>", re.sub(r"\d+", r"[\g<0>]", "a1b23"))
show("sub g<1>", re.sub(r"(\d)", r"\g<1>0", "a1b2"))
show("sub escapes", re.sub(r",", r"\n\t\\", "a,b"))
show("sub unknown punct escape", re.sub(r"a", r"\&", "cat"))
show("sub unmatched group", re.sub(r"(a)|b", r"[\1]", "ab"))
show("sub function", re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "3 apples, 12 pears"))
show("subn", re.subn(r"o", "0", "foo boo"))
show("subn none", re.subn(r"z", "0", "foo"))
show("sub pattern obj", re.compile(r"[ae]").sub("_", "banana tree"))
show("sub octal", re.sub("a", r"\101", "cat"))
show("expand", re.match(r"(\w+) (\w+)", "hello world").expand(r"\2, \1!"))

# --- split ------------------------------------------------------------------------
show("split", re.split(r"\W+", "Words, words, words."))
show("split groups", re.split(r"(\W+)", "Words, words, words."))
show("split maxsplit", re.split(r"\W+", "Words, words, words.", maxsplit=1))
show("split optional group", re.split(r"(a)?x", "1x2ax3"))
show("split empty matches", re.split(r"\b", "a bc"))
show("split x*", re.split(r"x*", "axbc"))
show("split start", re.split(r"\d", "1a2b3"))

# --- flags ---------------------------------------------------------------------------
show("I", re.findall(r"abc", "ABC abc AbC", re.I))
show("IGNORECASE unicode", re.match(r"straße", "STRASSE", re.I))
show("I non-ascii", re.findall(r"é", "É é", re.IGNORECASE))
show("M", re.findall(r"^\w+$", "one\ntwo\nthree", re.M))
show("no M", re.findall(r"^\w+$", "one\ntwo"))
show("S", re.match(r"a.b", "a\nb", re.S))
show("no S", re.match(r"a.b", "a\nb"))
show("X", re.match(r"""
    (\d+)   # digits
    \s*     # space
    ([a-z]+ ) # word
""", "42   apples", re.X).groups())
show("X keeps class space", re.findall(r"[ ]x # comment", "a x", re.VERBOSE))
show("X escaped space", re.match(r"a\ b", "a b", re.X))
show("A", re.findall(r"\w+", "naïve café", re.A))
show("unicode w", re.findall(r"\w+", "naïve café"))
show("unicode d", re.findall(r"\d", "1٣5"))
show("A d", re.findall(r"\d", "1٣5", re.ASCII))
show("inline i", re.findall(r"(?i)hello", "Hello HELLO"))
show("inline flags value", re.compile(r"(?im)x").flags)
show("scoped flag", re.findall(r"a(?i:b)c", "abc aBc ABC abC"))
show("scoped off", re.findall(r"(?i)a(?-i:b)", "AB Ab ab aB"))
show("inline s", re.match(r"(?s)a.b", "a\nb").group())
show("inline x", re.match(r"(?x) a b c", "abc").group())
show("flags", (re.compile("a").flags, re.compile(b"a").flags,
               re.compile("a", re.I | re.M).flags, re.compile("a", re.A).flags))
show("flag ints", (int(re.I), int(re.M), int(re.S), int(re.X), int(re.A), int(re.U), int(re.L),
                   int(re.IGNORECASE | re.DOTALL)))

# --- anchors -----------------------------------------------------------------------
show("dollar before final newline", re.search(r"abc$", "abc\n"))
show("Z is the very end", re.search(r"abc\Z", "abc\n"))
show("A anchor", re.findall(r"\A\w", "ab\ncd", re.M))
show("caret M", re.findall(r"^", "a\nb\n", re.M))
show("dollar M", [m.start() for m in re.finditer(r"$", "a\nb\n", re.M)])
show("dollar", [m.start() for m in re.finditer(r"$", "a\nb\n")])
show("word boundary", re.findall(r"\bcat\b", "cat concat cat."))
show("non boundary", re.findall(r"\Bcat", "cat concat"))

# --- backrefs and lookaround -----------------------------------------------------
show("backref", re.search(r"(\w)\1", "abccd").group())
show("named backref", re.findall(r"(?P<q>['\"]).*?(?P=q)", "'a' \"b\" 'c\""))
show("backref ignorecase", re.match(r"(a)\1", "aA", re.I))
show("lookahead", re.findall(r"\w+(?=!)", "hi! there yes!"))
show("neg lookahead", re.findall(r"\b\w+\b(?!\()", "f(x) + g + h(y)"))
show("lookbehind", re.findall(r"(?<=\$)\d+", "cost $30 or $45, not 50"))
show("neg lookbehind", re.findall(r"(?<!-)\b\d+", "5 -3 7"))
show("conditional", [bool(re.match(r"^(<)?\w+(?(1)>)$", s)) for s in ["<a>", "a", "<a", "a>"]])
show("atomic", re.match(r"a(?>bc|b)c", "abc"))
show("lazy", re.findall(r"<.+?>", "<a><b>"))
show("greedy", re.findall(r"<.+>", "<a><b>"))
show("repeat braces", re.findall(r"a{2,3}", "a aa aaa aaaa"))
show("repeat min only", re.findall(r"a{2,}", "a aa aaaaa"))
show("repeat max only", re.findall(r"xa{,2}", "x xa xaaa"))
show("literal brace", re.findall(r"a{x}|{", "a{x} {"))
show("comment group", re.match(r"a(?#comment)b", "ab").group())
show("octal", re.match(r"\101\x42\u0043", "ABC").group())
show("class escapes", re.findall(r"[\d\s.-]+", "1 2.3-4a"))
show("class bracket", re.findall(r"[]a]+", "]a]b"))
show("class negated", re.findall(r"[^]a]+", "]a]bcd"))
show("class specials", re.findall(r"[&~|#]", "a&b~c|d#"))
show("class range", re.findall(r"[a-cx-z]+", "abcdxyz"))
show("class backspace", re.match(r"[\b]", "\b"))
show("class non-ascii", re.findall(r"[à-ÿ]+", "voilà déjà"))
show("class W", re.findall(r"[\W]+", "a, b; c"))

# --- non-ASCII positions -------------------------------------------------------------
text = "héllo wörld ☃ snow 😀 end"
show("na search", re.search(r"w\w+", text))
show("na spans", span_all(r"\S+", text))
show("na findall", re.findall(r"[^\x00-\x7f]", text))
show("na sub", re.sub(r"ö", "oe", text))
show("na split", re.split(r"\s", text))
show("na pos", re.compile(r"\w+").search(text, 7))
show("na endpos", re.compile(r"\w+$").search(text, 0, 5))
show("na lookbehind", re.findall(r"(?<=☃ )\w+", text))
show("na emoji span", re.search("😀", text).span())

# --- pos / endpos ------------------------------------------------------------------------
p = re.compile(r"\d")
show("pos", p.search("a1b2c3", 2))
show("endpos", p.search("a1b2c3", 0, 1))
show("match pos", p.match("a1b2", 1))
show("caret with pos", re.compile(r"^\d").search("a1", 1))
show("fullmatch pos", p.fullmatch("a1b", 1, 2))
show("negative pos", p.search("1", -5))
show("pos beyond", p.search("1", 10))
show("lookbehind sees before pos", re.compile(r"(?<=a)b").match("ab", 1))
show("dollar at endpos", re.compile(r"a$").search("ab", 0, 1))
m = p.search("x9", -3, 100)
show("clamped", (m.pos, m.endpos))

# --- Pattern objects -----------------------------------------------------------------
p = re.compile(r"(?P<n>\d+)", re.IGNORECASE | re.MULTILINE)
show("pattern repr", p)
show("pattern repr plain", re.compile("a+"))
show("pattern repr bytes", re.compile(b"a+", re.I))
show("pattern attrs", (p.pattern, p.flags, p.groups, dict(p.groupindex)))
show("compile passthrough", re.compile(p) is p)
show("cache", re.compile(r"x\d") is re.compile(r"x\d"))
re.purge()
show("purged still works", re.match(r"x\d", "x1").group())
show("pattern eq", re.compile("ab") == re.compile("ab"))
try:
    re.compile(p, re.I)
except ValueError as e:
    show("flags with pattern", str(e))

# --- escape ------------------------------------------------------------------------------
show("escape", re.escape("a.b*c?d[e] f-g_h(i)"))
show("escape unicode", re.escape("naïve#1~2&3"))
show("escape bytes", re.escape(b"a.b c"))
show("escape roundtrip", re.match(re.escape("1+1=2?"), "1+1=2?").group())

# --- bytes -------------------------------------------------------------------------------
show("bytes findall", re.findall(rb"\d+", b"a12b345"))
show("bytes sub", re.sub(rb"(\w)(\w)", rb"\2\1", b"abcd"))
show("bytes match", re.match(rb"(?P<x>[a-z]+)", b"hello world"))
show("bytes high", re.findall(rb"[\x80-\xff]+", b"a\xe9\xffb"))
show("bytes w is ascii", re.findall(rb"\w+", b"caf\xe9"))
show("bytes split", re.split(rb",", b"a,b,,c"))
for pat, s in [("a", b"a"), (b"a", "a")]:
    try:
        re.match(pat, s)
    except TypeError as e:
        show("type mix", str(e))
try:
    re.match("a", 5)
except TypeError as e:
    show("not a string", str(e))

# --- errors ------------------------------------------------------------------------------
for pat in ["a(b", "a)b", "*a", "a**", "a{2,1}", "[abc", r"\q", r"(?P<1a>x)",
            r"(?P=nope)", r"\3", "(?i", "a(?i)b", "(?z)", "[z-a]",
            r"(?P<a>x)(?P<a>y)", r"(?<x>a)", r"\x4", "(?#abc", r"(a)\2",
            r"((a)\1)", "(?P<a", "(?P", "+", "a|*", "^*", r"\b+", "(?:", "[]",
            "[^]", "a\n(b", "(?P<>a)", "x??+"]:
    try:
        re.compile(pat)
        show("compiled", pat)
    except re.error as e:
        show("error " + pat, (str(e), e.msg, e.pos, e.lineno, e.colno, e.pattern == pat))
show("error is Exception", issubclass(re.error, Exception))
for pat, flags in [("a", re.L), (b"a", re.U), ("a", re.A | re.U)]:
    try:
        re.compile(pat, flags)
    except ValueError as e:
        show("flag error", str(e))
for tmpl in [r"\g<2>", r"\g<x>", r"\g<1", r"\g", r"\9", r"\q", "\\"]:
    try:
        re.sub(r"(a)", tmpl, "a")
    except re.error as e:
        show("template error " + tmpl, (str(e), e.pos))
    except IndexError as e:
        show("template IndexError " + tmpl, str(e))

# --- a small tokenizer (typical use) ------------------------------------------------
TOKEN = re.compile(r"""
    (?P<num>\d+(?:\.\d*)?)
  | (?P<name>[A-Za-z_]\w*)
  | (?P<op>[-+*/()=])
  | (?P<ws>\s+)
  | (?P<bad>.)
""", re.VERBOSE)
tokens = []
for m in TOKEN.finditer("x1 = 3.5 * (y + 42) ? z"):
    if m.lastgroup != "ws":
        tokens.append((m.lastgroup, m.group(), m.start()))
show("tokens", tokens)

# --- scanner / misc ---------------------------------------------------------------
words = re.compile(r"[a-z]+").scanner("ab 12 cd")
show("scanner", [words.search().group(), words.search().group(), words.search()])
show("match repr", re.search("b+", "abbbc"))
show("match repr quote", re.search("'+", "a''b"))
show("count matches in loop", sum(1 for i in range(300) if re.match(r"\d+$", str(i))))
