//! Programs of hostile calls for the VM fuzz target (`tests/fuzz.rs`):
//! builtins, methods of the builtin types, operators and some stdlib
//! functions, called with arguments chosen to break them — sizes past
//! `ssize_t`, negative sizes, structures nested 10^5 deep, cyclic
//! containers, wrong types, objects whose dunder methods raise or recurse,
//! huge format widths.
//!
//! Each callee has a signature (`Sig`): how many arguments it takes and
//! of which kinds, so that most calls get past argument checking into the
//! callee's body; one call in ten ignores it.
//!
//! Every call is wrapped in `try: ... except BaseException`, so a program
//! runs to its end and prints `done`; a crash, a Rust panic or a hang is
//! the interpreter's fault.
//!
//! Calls that are legitimately slow in CPython too are left out by
//! construction, so that a timeout means a bug: no `**` with a large
//! exponent, no shifts by medium amounts, no iteration over ranges of huge
//! length, no factorial or binomial of huge numbers, no regular
//! expressions that backtrack exponentially, and no sizes between 10^5
//! and 2^40 (below they are cheap, above they must fail at once).

use super::generate::Rng;

/// One generated program and its hostile calls. It prints a line per call:
/// `= TYPE LEN` for a result (its type, the length of its repr) or
/// `! NAME` for the exception it raised, then `done`.
pub struct Program {
    /// The setup every call may use, then the calls.
    pub source: String,
    /// Each call's statement (a `try` block), in order, for reducing a failure.
    pub calls: Vec<String>,
}

/// Definitions the calls use: deep and cyclic structures, classes whose
/// dunder methods misbehave, and `_show`, which looks at a result (its repr,
/// at most 20 items of an iterator) without printing much.
pub const PRELUDE: &str = r#"import math, struct, json, re, itertools, functools, collections, operator, copy
_islice = itertools.islice
def _show(r):
    if hasattr(r, '__next__'):
        r = list(_islice(r, 20))
    print('=', type(r).__name__, len(repr(r)))
DEEP = []
for _ in range(100000):
    DEEP = [DEEP]
DEEPT = ()
for _ in range(100000):
    DEEPT = (DEEPT,)
DEEPD = {}
for _ in range(100000):
    DEEPD = {'k': DEEPD}
def _cyc():
    a = [1]
    a.append(a)
    return a
def _cycd():
    d = {}
    d['self'] = d
    return d
def _cycs():
    a = []
    b = [a]
    a.append(b)
    return (a, b)
class _Bad:
    def __index__(self): raise ValueError('bad index')
    def __int__(self): return 'not an int'
    def __float__(self): return 'not a float'
    def __len__(self): return -1
    def __hash__(self): raise RuntimeError('bad hash')
    def __eq__(self, other): raise RuntimeError('bad eq')
    def __lt__(self, other): raise RuntimeError('bad lt')
    def __iter__(self): raise RuntimeError('bad iter')
    def __repr__(self): raise RuntimeError('bad repr')
    def __str__(self): return 42
    def __format__(self, spec): return None
    def __bool__(self): return 'yes'
class _Huge:
    def __index__(self): return 2**1000
    def __len__(self): return 2**63
    def __int__(self): return -2**63 - 1
    def __float__(self): return 1e308 * 10
    def __hash__(self): return 2**1000
class _Rec:
    def __index__(self): return operator.index(self)
    def __len__(self): return len(self)
    def __hash__(self): return hash(self)
    def __eq__(self, other): return self == other
    def __lt__(self, other): return self < other
    def __iter__(self): return iter(self)
    def __repr__(self): return repr(self)
    def __str__(self): return str(self)
    def __float__(self): return float(self)
    def __format__(self, spec): return format(self, spec)
    def __getattr__(self, name): return getattr(self, name)
class _Gen:
    def __iter__(self):
        yield 1
        raise KeyError('mid-iteration')
"#;

/// Integers: the edges of `ssize_t` and `u64`, far past them, a size
/// that must fail at once (2^40), a medium one, small and negative ones.
const INTS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "3",
    "7",
    "-7",
    "255",
    "256",
    "0x10ffff",
    "0x110000",
    "55296",
    "100000",
    "-2**31",
    "2**63 - 1",
    "-2**63",
    "2**63",
    "2**64",
    "-2**64",
    "2**40",
    "-2**40",
    "10**100",
    "-10**100",
    "2**1000",
    "True",
];

/// Integers for calls whose cost grows with the value (shifts, exponents,
/// factorials): small ones, and ones so large the call must refuse at once.
const SAFE_INTS: &[&str] = &[
    "0", "1", "-1", "2", "3", "7", "-7", "2**64", "-2**64", "10**100", "-10**100", "2**1000",
];

const FLOATS: &[&str] = &[
    "0.0",
    "-0.0",
    "1.5",
    "-2.5",
    "1e308",
    "-1e308",
    "5e-324",
    "float('inf')",
    "float('-inf')",
    "float('nan')",
    "2.0**63",
    "1e22",
];

const STRS: &[&str] = &[
    "''",
    "'abc'",
    "'a\\tb\\nc'",
    "'\\x00'",
    "'é日本'",
    "'\\U0010ffff'",
    "'{}'",
    "'{0}{1}{'",
    "'{0:>{1}}'",
    "'{:>1099511627776}'",
    "'{:.2147483648f}'",
    "'{:9223372036854775808}'",
    "'%s'",
    "'%*d'",
    "'%(a)s'",
    "'%.1000000000000f'",
    "'%c'",
    "'utf-8'",
    "'ascii'",
    "'no-such-codec'",
    "'strict'",
    "'big'",
    "'little'",
    "'q'",
    "'<Q'",
    "'9223372036854775807s'",
    "'1099511627776x'",
    "'99999999999999999999i'",
    "'3sx?'",
    "'>1099511627776'",
    "'.2147483648f'",
    "'<9223372036854775808'",
    "',.3%'",
    "'#x'",
    "'=+030'",
    "'z.2f'",
    "'c'",
    "'n'",
    "' 12 '",
    "'1_000'",
    "'0x1f'",
    "'inf'",
    "'nan'",
    "'9' * 50",
    "'-' * 50",
    "'[' * 100000",
    "'(' * 100000",
    "'{\"a\": [1, 2.5, null, true]}'",
    "'[1e999999, -1e999999]'",
    "'x' * 100",
];

const BYTES: &[&str] = &[
    "b''",
    "b'abc'",
    "b'\\xff\\x00\\x80'",
    "b'\\x00' * 8",
    "b'%s%d'",
    "bytearray(b'xy')",
    "bytearray()",
    "b'ab cd'",
    "b'\\xf0\\x9f'",
];

const CONTAINERS: &[&str] = &[
    "[]",
    "[1, 2, 3]",
    "[3, 'a', None, 2.5]",
    "['b', 'a', 'c']",
    "[[1, 2], [3]]",
    "()",
    "(1,)",
    "(1, 2, 3)",
    "('a', 'b')",
    "{}",
    "{'a': 1, 'b': [2]}",
    "{1: 'x', 2: 'y'}",
    "set()",
    "{1, 2, 3}",
    "{'a', 'b'}",
    "frozenset([1, 2])",
    "range(10)",
    "range(-5, 5, 2)",
    "range(0)",
    "range(100000)",
    "_cyc()",
    "_cycd()",
    "_cycs()",
    "[DEEP]",
    "DEEP",
    "DEEPT",
    "DEEPD",
    "[DEEP, DEEP]",
    "[_cyc(), _cyc()]",
    "[[]] * 3",
    "collections.deque([1, 2])",
    "collections.OrderedDict(a=1)",
    "collections.Counter('abca')",
    "iter([1, 2])",
    "(i for i in range(3))",
    "_Gen()",
    "{'a': _cyc()}",
];

const OTHERS: &[&str] = &[
    "None",
    "NotImplemented",
    "...",
    "object()",
    "_Bad()",
    "_Huge()",
    "_Rec()",
    "int",
    "str",
    "type",
    "list",
    "len",
    "repr",
    "abs",
    "lambda *a: None",
    "lambda x: x",
    "lambda x: -x",
    "lambda x, y: x",
    "lambda: 1",
    "slice(None, None, -1)",
    "slice(2**63, -2**63, 2**63 - 1)",
    "slice(0, 10, 0)",
    "slice(_Bad(), 3)",
    "slice(-10**100, 10**100)",
    "Exception('e')",
    "KeyError",
    "1j",
];

/// Values whose iteration is cheap and finite (no ranges of huge length):
/// every argument comes from here.
fn value(rng: &mut Rng) -> String {
    let pool = match rng.below(10) {
        0 | 1 => INTS,
        2 => FLOATS,
        3 | 4 => STRS,
        5 => BYTES,
        6..=8 => CONTAINERS,
        _ => OTHERS,
    };
    rng.pick(pool).to_string()
}

/// An argument for calls whose cost grows with their numbers.
fn safe_value(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 | 1 => rng.pick(SAFE_INTS).to_string(),
        2 => rng.pick(FLOATS).to_string(),
        _ => rng
            .pick(&["None", "'3'", "_Bad()", "_Huge()", "_Rec()", "[]", "2.5"])
            .to_string(),
    }
}

fn args(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| value(rng)).collect::<Vec<_>>().join(", ")
}

/// How many arguments: mostly one or two, as most callees take.
fn arity(rng: &mut Rng) -> usize {
    match rng.below(20) {
        0..=9 => 1,
        10..=16 => 2,
        17 => 0,
        _ => 3,
    }
}

/// A callee and its signature: one letter per positional parameter, the
/// kind of value it takes; lowercase is required, uppercase optional, and
/// `*` after a letter repeats that kind 0 to 3 more times. Kinds: `i` int,
/// `n` number, `v` number or numeric text, `s` str, `b` bytes, `c`
/// iterable, `m` mapping, `k` callable, `t` class (or tuple of classes),
/// `j` index or slice, `x` an int whose cost grows with it, `a` anything.
/// Calls follow the signature most of the time, so that they get past
/// argument counting and type checks into the callee's body, where the
/// sizes, nesting and cycles of the hostile values matter.
type Sig<'a> = (&'a str, &'a str);

/// Callables, for `k` parameters (key functions, predicates, factories).
const CALLABLES: &[&str] = &[
    "None",
    "len",
    "repr",
    "abs",
    "str",
    "int",
    "bool",
    "list",
    "lambda *a: None",
    "lambda x: x",
    "lambda x: -x",
    "lambda x, y: x",
    "lambda x, y: y - x",
    "lambda: 1",
    "lambda x: x[0]",
    "lambda x: 1 / 0",
    "_Rec()",
    "_Bad()",
];

/// Classes and tuples of them, for `t` parameters.
const CLASSES: &[&str] = &[
    "int",
    "str",
    "bool",
    "type",
    "list",
    "object",
    "KeyError",
    "Exception",
    "_Bad",
    "_Rec",
    "(int, str)",
    "()",
    "((int, (str, (list,))),)",
];

/// Mappings (and pairs, which dict-like callees take too), for `m`.
const MAPPINGS: &[&str] = &[
    "{}",
    "{'a': 1, 'b': [2]}",
    "{1: 'x', 2: 'y'}",
    "{97: 'b', 98: None}",
    "_cycd()",
    "DEEPD",
    "collections.OrderedDict(a=1)",
    "collections.Counter('abca')",
    "{'a': _cyc()}",
    "[(1, 2), (3, 4)]",
    "[('a', DEEP)]",
];

/// Indexes and slices, for `j`.
const INDEXES: &[&str] = &[
    "0",
    "-1",
    "1",
    "2**63 - 1",
    "-2**63",
    "2**64",
    "10**100",
    "slice(None, None, -1)",
    "slice(2**63, -2**63, 2**63 - 1)",
    "slice(0, 10, 0)",
    "slice(1, None, 2)",
    "slice(-10**100, 10**100)",
    "slice(_Bad(), 3)",
];

/// A value of signature kind `kind` (lowercase): mostly from its pool,
/// sometimes anything at all (a wrong type is hostile too).
fn of_kind(rng: &mut Rng, kind: char) -> String {
    if rng.below(8) == 0 {
        return value(rng);
    }
    let pool: &[&str] = match kind {
        'i' => INTS,
        'n' => [INTS, FLOATS][rng.below(2)],
        'v' => [INTS, FLOATS, STRS][rng.below(3)],
        's' => STRS,
        'b' => BYTES,
        'c' => [CONTAINERS, CONTAINERS, STRS, BYTES][rng.below(4)],
        'm' => MAPPINGS,
        'k' => CALLABLES,
        't' => CLASSES,
        'j' => INDEXES,
        'x' => return safe_value(rng),
        _ => return value(rng),
    };
    rng.pick(pool).to_string()
}

/// Arguments for `sig`: nine times in ten by its letters (each optional
/// one present half the time, in order), otherwise any number of any values
/// (the argument-count errors).
fn sig_args(rng: &mut Rng, sig: &str) -> String {
    if rng.below(10) == 0 {
        let n = arity(rng);
        return args(rng, n);
    }
    let mut out: Vec<String> = Vec::new();
    let letters: Vec<char> = sig.chars().collect();
    for (i, &c) in letters.iter().enumerate() {
        if c == '*' {
            continue;
        }
        let repeated = letters.get(i + 1) == Some(&'*');
        if c.is_ascii_uppercase() && rng.below(2) == 0 {
            break;
        }
        let kind = c.to_ascii_lowercase();
        out.push(of_kind(rng, kind));
        if repeated {
            for _ in 0..rng.below(4) {
                out.push(of_kind(rng, kind));
            }
        }
    }
    out.join(", ")
}

/// Builtin functions and their signatures (see [`Sig`]).
const BUILTINS: &[Sig] = &[
    ("abs", "n"),
    ("all", "c"),
    ("any", "c"),
    ("ascii", "a"),
    ("bin", "i"),
    ("bool", "A"),
    ("bytearray", "ASS"),
    ("bytes", "ASS"),
    ("callable", "a"),
    ("chr", "i"),
    ("dict", "M"),
    ("divmod", "nn"),
    ("enumerate", "cI"),
    ("filter", "kc"),
    ("float", "V"),
    ("format", "aS"),
    ("frozenset", "C"),
    ("getattr", "asA"),
    ("hasattr", "as"),
    ("hash", "a"),
    ("hex", "i"),
    ("int", "VI"),
    ("isinstance", "at"),
    ("issubclass", "tt"),
    ("iter", "aA"),
    ("len", "a"),
    ("list", "C"),
    ("map", "kcC*"),
    ("max", "cA*"),
    ("min", "cA*"),
    ("next", "aA"),
    ("oct", "i"),
    ("ord", "s"),
    ("range", "iII"),
    ("repr", "a"),
    ("reversed", "c"),
    ("round", "nI"),
    ("set", "C"),
    ("setattr", "asa"),
    ("slice", "aAA"),
    ("sorted", "c"),
    ("str", "ASS"),
    ("sum", "cA"),
    ("tuple", "C"),
    ("type", "a"),
    ("zip", "C*"),
    ("copy.copy", "a"),
    ("copy.deepcopy", "a"),
    ("json.dumps", "a"),
    ("json.loads", "s"),
    ("operator.index", "a"),
    ("operator.getitem", "aj"),
    ("operator.contains", "ca"),
    ("operator.countOf", "ca"),
    ("operator.mul", "aa"),
    ("operator.add", "aa"),
    ("operator.mod", "aa"),
    ("math.floor", "n"),
    ("math.ceil", "n"),
    ("math.trunc", "n"),
    ("math.sqrt", "n"),
    ("math.isqrt", "i"),
    ("math.log", "nN"),
    ("math.log2", "n"),
    ("math.exp", "n"),
    ("math.frexp", "n"),
    ("math.ldexp", "ni"),
    ("math.fsum", "c"),
    ("math.gcd", "I*"),
    ("math.lcm", "I*"),
    ("math.prod", "c"),
    ("math.hypot", "N*"),
    ("math.dist", "cc"),
    ("math.copysign", "nn"),
    ("math.fmod", "nn"),
    ("math.isclose", "nn"),
    ("math.atan2", "nn"),
    ("math.modf", "n"),
    ("math.nextafter", "nn"),
    ("math.ulp", "n"),
    ("struct.pack", "sA*"),
    ("struct.unpack", "sb"),
    ("struct.calcsize", "s"),
    ("struct.pack_into", "sbiA*"),
    ("struct.unpack_from", "sbI"),
    ("struct.iter_unpack", "sb"),
    ("struct.Struct", "s"),
    ("re.compile", "s"),
    ("re.escape", "s"),
    ("functools.reduce", "kcA"),
    ("functools.partial", "kA*"),
    ("functools.cmp_to_key", "k"),
    ("collections.deque", "CI"),
    ("collections.Counter", "C"),
    ("collections.OrderedDict", "M"),
    ("collections.defaultdict", "KM"),
    ("collections.ChainMap", "M*"),
    ("collections.namedtuple", "sc"),
];

/// Functions whose cost grows with their numbers: called with `safe_value`s.
const COSTLY: &[&str] = &[
    "math.factorial",
    "math.comb",
    "math.perm",
    "math.pow",
    "operator.lshift",
    "operator.rshift",
];

/// Exponents that keep `**` cheap whatever the base, and bases that keep it
/// cheap whatever the exponent.
const SMALL_EXPONENTS: &[&str] = &["0", "1", "2", "3", "-1", "-2", "0.5", "-0.5", "2.5", "None"];
const FIXED_BASES: &[&str] = &["0", "1", "-1", "0.0", "1.0", "-1.0", "True"];

/// Iterator factories: their result is looked at through `islice`.
const ITERTOOLS: &[&str] = &[
    "itertools.count",
    "itertools.cycle",
    "itertools.repeat",
    "itertools.accumulate",
    "itertools.chain",
    "itertools.chain.from_iterable",
    "itertools.compress",
    "itertools.dropwhile",
    "itertools.filterfalse",
    "itertools.groupby",
    "itertools.islice",
    "itertools.pairwise",
    "itertools.starmap",
    "itertools.takewhile",
    "itertools.tee",
    "itertools.zip_longest",
    "itertools.product",
    "itertools.permutations",
    "itertools.combinations",
    "itertools.combinations_with_replacement",
];

/// Regular expressions: broken syntax, huge repeat counts, deep nesting,
/// but nothing that backtracks exponentially.
const PATTERNS: &[&str] = &[
    "''",
    "'a'",
    "'('",
    "')'",
    "'['",
    "'[a-'",
    "'*'",
    "'a**'",
    "'a{2147483648}'",
    "'a{4294967296}'",
    "'a{1,0}'",
    "'a{100000}'",
    "'(?P<n>a)(?P=n)'",
    "'(?P<n'",
    "'\\\\1'",
    "'(a)\\\\2'",
    "'(?<=a+)b'",
    "'(?<=ab)c'",
    "'(?i)ß'",
    "'\\\\d+|\\\\w+'",
    "'(?x) a # comment'",
    "'\\\\N{LATIN SMALL LETTER A}'",
    "'\\\\'",
    "'[\\\\d-z]'",
    "'(?P<a>x)|(?P<a>y)'",
    "'(' * 100000 + ')' * 100000",
    "'(?:' * 5000 + 'a' + ')' * 5000",
    "'a|' * 10000",
    "'(a)' * 200",
    "'^$'",
    "'(?s).'",
    "'(?m)^a$'",
    "b'a+'",
    "'(?'",
    "'(?#x'",
];

/// Subjects for regular expressions: short, so that any engine is fast.
const SUBJECTS: &[&str] = &[
    "''",
    "'a'",
    "'aaab'",
    "'abcabc'",
    "'ß SS'",
    "'\\n\\na\\n'",
    "b'aaa'",
    "None",
    "'x' * 100",
    "'é日本'",
];

const RE_CALLS: &[&str] = &[
    "re.match",
    "re.fullmatch",
    "re.search",
    "re.findall",
    "re.finditer",
    "re.split",
    "re.sub",
    "re.subn",
];

/// Methods worth calling, by the kind of receiver, with their signatures.
const STR_METHODS: &[Sig] = &[
    ("center", "iS"),
    ("ljust", "iS"),
    ("rjust", "iS"),
    ("zfill", "i"),
    ("expandtabs", "I"),
    ("split", "SI"),
    ("rsplit", "SI"),
    ("splitlines", "A"),
    ("replace", "ssI"),
    ("find", "sII"),
    ("rfind", "sII"),
    ("index", "sII"),
    ("rindex", "sII"),
    ("count", "sII"),
    ("startswith", "sII"),
    ("endswith", "sII"),
    ("encode", "SS"),
    ("join", "c"),
    ("format", "A*"),
    ("format_map", "m"),
    ("partition", "s"),
    ("rpartition", "s"),
    ("strip", "S"),
    ("lstrip", "S"),
    ("translate", "m"),
    ("maketrans", "aSS"),
    ("removeprefix", "s"),
    ("removesuffix", "s"),
    ("__mul__", "i"),
    ("__rmul__", "i"),
    ("__getitem__", "j"),
    ("__mod__", "a"),
    ("__contains__", "s"),
    ("__format__", "s"),
    ("casefold", ""),
    ("title", ""),
    ("isidentifier", ""),
];

const BYTES_METHODS: &[Sig] = &[
    ("hex", "SI"),
    ("fromhex", "s"),
    ("decode", "SS"),
    ("center", "iB"),
    ("ljust", "iB"),
    ("zfill", "i"),
    ("expandtabs", "I"),
    ("split", "BI"),
    ("replace", "bbI"),
    ("find", "bII"),
    ("count", "bII"),
    ("join", "c"),
    ("translate", "aB"),
    ("maketrans", "bb"),
    ("partition", "b"),
    ("startswith", "bII"),
    ("__mul__", "i"),
    ("__getitem__", "j"),
    ("__mod__", "a"),
    ("__contains__", "a"),
    ("strip", "B"),
    ("splitlines", "A"),
];

const BYTEARRAY_METHODS: &[Sig] = &[
    ("append", "i"),
    ("extend", "c"),
    ("insert", "ii"),
    ("pop", "I"),
    ("remove", "i"),
    ("__setitem__", "ja"),
    ("__delitem__", "j"),
    ("__imul__", "i"),
    ("__iadd__", "b"),
    ("hex", "SI"),
    ("decode", "SS"),
    ("reverse", ""),
];

const INT_METHODS: &[Sig] = &[
    ("to_bytes", "IS"),
    ("from_bytes", "bS"),
    ("bit_length", ""),
    ("bit_count", ""),
    ("__round__", "I"),
    ("__format__", "s"),
    ("as_integer_ratio", ""),
    ("__mul__", "a"),
    ("__truediv__", "a"),
    ("__floordiv__", "a"),
    ("__mod__", "a"),
    ("__divmod__", "a"),
    ("__and__", "a"),
    ("__xor__", "a"),
    ("__pow__", "xX"),
    ("conjugate", ""),
];

const FLOAT_METHODS: &[Sig] = &[
    ("hex", ""),
    ("fromhex", "s"),
    ("is_integer", ""),
    ("__round__", "I"),
    ("as_integer_ratio", ""),
    ("__format__", "s"),
    ("__mod__", "n"),
    ("__floordiv__", "n"),
    ("__divmod__", "n"),
    ("__truediv__", "n"),
    ("__mul__", "n"),
];

const LIST_METHODS: &[Sig] = &[
    ("append", "a"),
    ("extend", "c"),
    ("insert", "ia"),
    ("pop", "I"),
    ("index", "aII"),
    ("remove", "a"),
    ("sort", ""),
    ("count", "a"),
    ("__getitem__", "j"),
    ("__setitem__", "ja"),
    ("__delitem__", "j"),
    ("__mul__", "i"),
    ("__imul__", "i"),
    ("__iadd__", "c"),
    ("__eq__", "a"),
    ("__lt__", "a"),
    ("__contains__", "a"),
    ("reverse", ""),
    ("copy", ""),
    ("clear", ""),
];

const TUPLE_METHODS: &[Sig] = &[
    ("index", "aII"),
    ("count", "a"),
    ("__getitem__", "j"),
    ("__mul__", "i"),
    ("__add__", "a"),
    ("__eq__", "a"),
    ("__lt__", "a"),
    ("__contains__", "a"),
    ("__hash__", ""),
];

const DICT_METHODS: &[Sig] = &[
    ("get", "aA"),
    ("pop", "aA"),
    ("setdefault", "aA"),
    ("update", "M"),
    ("fromkeys", "cA"),
    ("popitem", ""),
    ("__getitem__", "a"),
    ("__setitem__", "aa"),
    ("__delitem__", "a"),
    ("__eq__", "a"),
    ("__or__", "m"),
    ("__ior__", "M"),
    ("__contains__", "a"),
    ("items", ""),
    ("copy", ""),
];

const SET_METHODS: &[Sig] = &[
    ("add", "a"),
    ("discard", "a"),
    ("remove", "a"),
    ("pop", ""),
    ("union", "C*"),
    ("intersection", "C*"),
    ("difference", "C*"),
    ("symmetric_difference", "c"),
    ("issubset", "c"),
    ("issuperset", "c"),
    ("isdisjoint", "c"),
    ("update", "C*"),
    ("__contains__", "a"),
    ("__eq__", "a"),
    ("__le__", "a"),
    ("__or__", "a"),
];

const DEQUE_METHODS: &[Sig] = &[
    ("append", "a"),
    ("appendleft", "a"),
    ("extend", "c"),
    ("rotate", "I"),
    ("insert", "ia"),
    ("index", "aII"),
    ("pop", ""),
    ("remove", "a"),
    ("__getitem__", "i"),
    ("__setitem__", "ia"),
    ("__mul__", "i"),
    ("__imul__", "i"),
    ("count", "a"),
];

/// Ranges as receivers only (never iterated): their lengths may be huge.
const RANGES: &[&str] = &[
    "range(10)",
    "range(2**63 - 1)",
    "range(-2**63, 2**63, 3)",
    "range(10**100)",
    "range(-10**100, 10**100, 10**50)",
    "range(5, -5, -1)",
    "range(0)",
];

const RANGE_METHODS: &[&str] = &[
    "index",
    "count",
    "__getitem__",
    "__contains__",
    "__eq__",
    "__len__",
];

/// Binary operators; `**`, `<<` and `>>` only over `safe_value`s.
const OPERATORS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "<", "<=", "==", "!=", "&", "|", "^", "@", "in", "not in", "is",
];

/// One hostile expression (or statement, for the assignment shapes).
fn call(rng: &mut Rng) -> String {
    match rng.below(20) {
        0..=4 => {
            let (f, sig) = rng.pick(BUILTINS);
            format!("r = {f}({})", sig_args(rng, sig))
        }
        5 => {
            let f = rng.pick(COSTLY);
            let n = 1 + rng.below(3);
            let a: Vec<String> = (0..n).map(|_| safe_value(rng)).collect();
            format!("r = {f}({})", a.join(", "))
        }
        6 => {
            let f = rng.pick(ITERTOOLS);
            let n = 1 + rng.below(3);
            let a: Vec<String> = (0..n)
                .map(|_| {
                    let kind = rng.pick(&['i', 'c', 'c', 'k']);
                    of_kind(rng, kind)
                })
                .collect();
            format!("r = list(_islice({f}({}), 20))", a.join(", "))
        }
        7 => {
            let f = rng.pick(RE_CALLS);
            let p = rng.pick(PATTERNS);
            let s = rng.pick(SUBJECTS);
            match rng.below(3) {
                0 => format!("r = {f}({p}, {s}, {})", value(rng)),
                _ if f.ends_with("sub") || f.ends_with("subn") => {
                    format!("r = {f}({p}, {}, {s})", value(rng))
                }
                _ => format!("r = {f}({p}, {s})"),
            }
        }
        8..=14 => method_call(rng),
        15 | 16 => {
            let op = rng.pick(OPERATORS);
            format!("r = ({}) {op} ({})", value(rng), value(rng))
        }
        17 => power(rng),
        18 => {
            let fmt = rng.pick(STRS);
            let n = 1 + rng.below(2);
            format!("r = {fmt} % ({},)", args(rng, n))
        }
        _ => {
            let target = rng.pick(&[
                "[1, 2, 3]",
                "bytearray(b'abc')",
                "{}",
                "collections.deque([1])",
            ]);
            match rng.below(3) {
                0 => format!("r = {target}\nr[{}] = {}", value(rng), value(rng)),
                1 => format!(
                    "r = {target}\nr[{}:{}:{}] = {}",
                    value(rng),
                    value(rng),
                    value(rng),
                    value(rng)
                ),
                _ => format!("r = {target}\ndel r[{}]", value(rng)),
            }
        }
    }
}

/// `**`, `pow` and shifts, never both a large base and a large exponent.
fn power(rng: &mut Rng) -> String {
    let (base, exp) = if rng.below(2) == 0 {
        (safe_value(rng), rng.pick(SMALL_EXPONENTS).to_string())
    } else {
        (rng.pick(FIXED_BASES).to_string(), safe_value(rng))
    };
    match rng.below(6) {
        0 => format!("r = ({base}) ** ({exp})"),
        1 => format!("r = pow({base}, {exp})"),
        2 => format!("r = pow({base}, {exp}, {})", safe_value(rng)),
        3 => format!("r = operator.pow({base}, {exp})"),
        4 => format!("r = ({}) << ({})", safe_value(rng), safe_value(rng)),
        _ => format!("r = ({}) >> ({})", safe_value(rng), safe_value(rng)),
    }
}

fn method_call(rng: &mut Rng) -> String {
    type Kind<'a> = (&'a [&'a str], &'a [Sig<'a>]);
    let (receivers, methods): Kind = match rng.below(11) {
        0 | 1 => (STRS, STR_METHODS),
        2 => (BYTES, BYTES_METHODS),
        3 => (&["bytearray(b'abc')", "bytearray()"], BYTEARRAY_METHODS),
        4 => (INTS, INT_METHODS),
        5 => (FLOATS, FLOAT_METHODS),
        6 => (
            &[
                "[]",
                "[1, 2, 3]",
                "['b', 'a', 3]",
                "_cyc()",
                "[DEEP]",
                "[_Bad(), _Bad()]",
                "[_Rec(), 1]",
            ],
            LIST_METHODS,
        ),
        7 => (
            &["()", "(1, 2, 3)", "DEEPT", "(_Bad(), 1)", "(DEEP,)"],
            TUPLE_METHODS,
        ),
        8 => (
            &["{}", "{'a': 1}", "_cycd()", "{1: DEEP}", "dict(DEEPD)"],
            DICT_METHODS,
        ),
        9 => (
            &["set()", "{1, 2}", "{DEEPT}", "frozenset('ab')"],
            SET_METHODS,
        ),
        _ if rng.below(2) == 0 => return range_call(rng),
        _ => (
            &["collections.deque([1, 2, 3])", "collections.deque([], 2)"],
            DEQUE_METHODS,
        ),
    };
    let recv = rng.pick(receivers);
    let (method, sig) = rng.pick(methods);
    format!("r = ({recv}).{method}({})", sig_args(rng, sig))
}

/// A method of a range with huge bounds. Its arguments are integers: a
/// non-integer makes CPython scan the whole range.
fn range_call(rng: &mut Rng) -> String {
    let recv = rng.pick(RANGES);
    let method = rng.pick(RANGE_METHODS);
    let a = if method == "__len__" {
        String::new()
    } else {
        rng.pick(INTS).to_string()
    };
    format!("r = ({recv}).{method}({a})")
}

/// A program of `n` hostile calls.
pub fn program(rng: &mut Rng, n: usize) -> Program {
    let calls: Vec<String> = (0..n).map(|_| wrap(&call(rng))).collect();
    let mut source = String::from(PRELUDE);
    for c in &calls {
        source.push_str(c);
    }
    source.push_str("print('done')\n");
    Program { source, calls }
}

/// The program that runs the prelude and just `call` (to reduce a failure).
pub fn single(call: &str) -> String {
    format!("{PRELUDE}{call}print('done')\n")
}

/// `try:` around one call and a look at its result.
fn wrap(call: &str) -> String {
    let mut s = String::from("try:\n");
    for line in call.lines() {
        s.push_str("    ");
        s.push_str(line);
        s.push('\n');
    }
    s.push_str("    _show(r)\nexcept BaseException as e:\n    print('!', type(e).__name__)\n");
    s
}
