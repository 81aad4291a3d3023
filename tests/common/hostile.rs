//! Programs of hostile calls for the VM fuzz target (`tests/fuzz.rs`):
//! builtins, methods of the builtin types, operators and some stdlib
//! functions, called with arguments chosen to break them — sizes past
//! `ssize_t`, negative sizes, structures nested 10^5 deep, cyclic
//! containers, wrong types, objects whose dunder methods raise or recurse,
//! huge format widths.
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

/// Arguments of the types a receiver's methods expect half the time (so
/// that calls get past type checks to the sizes and contents), any value
/// otherwise.
fn typed_args(rng: &mut Rng, n: usize, likely: &[&[&str]]) -> String {
    (0..n)
        .map(|_| {
            if rng.below(2) == 0 {
                let pool = likely[rng.below(likely.len())];
                rng.pick(pool).to_string()
            } else {
                value(rng)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Builtin functions called with any values.
const BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "ascii",
    "bin",
    "bool",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "dict",
    "divmod",
    "enumerate",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "hasattr",
    "hash",
    "hex",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "map",
    "max",
    "min",
    "next",
    "oct",
    "ord",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "str",
    "sum",
    "tuple",
    "type",
    "zip",
    "copy.copy",
    "copy.deepcopy",
    "json.dumps",
    "json.loads",
    "operator.index",
    "operator.getitem",
    "operator.contains",
    "operator.countOf",
    "operator.mul",
    "operator.add",
    "operator.mod",
    "math.floor",
    "math.ceil",
    "math.trunc",
    "math.sqrt",
    "math.isqrt",
    "math.log",
    "math.log2",
    "math.exp",
    "math.frexp",
    "math.ldexp",
    "math.fsum",
    "math.gcd",
    "math.lcm",
    "math.prod",
    "math.hypot",
    "math.dist",
    "math.copysign",
    "math.fmod",
    "math.isclose",
    "math.atan2",
    "math.modf",
    "math.nextafter",
    "math.ulp",
    "struct.pack",
    "struct.unpack",
    "struct.calcsize",
    "struct.pack_into",
    "struct.unpack_from",
    "struct.iter_unpack",
    "struct.Struct",
    "re.compile",
    "re.escape",
    "functools.reduce",
    "functools.partial",
    "functools.cmp_to_key",
    "collections.deque",
    "collections.Counter",
    "collections.OrderedDict",
    "collections.defaultdict",
    "collections.ChainMap",
    "collections.namedtuple",
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

/// Methods worth calling, by the kind of receiver.
const STR_METHODS: &[&str] = &[
    "center",
    "ljust",
    "rjust",
    "zfill",
    "expandtabs",
    "split",
    "rsplit",
    "splitlines",
    "replace",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "startswith",
    "endswith",
    "encode",
    "join",
    "format",
    "format_map",
    "partition",
    "rpartition",
    "strip",
    "lstrip",
    "translate",
    "maketrans",
    "removeprefix",
    "removesuffix",
    "__mul__",
    "__rmul__",
    "__getitem__",
    "__mod__",
    "__contains__",
    "__format__",
    "casefold",
    "title",
    "isidentifier",
];

const BYTES_METHODS: &[&str] = &[
    "hex",
    "fromhex",
    "decode",
    "center",
    "ljust",
    "zfill",
    "expandtabs",
    "split",
    "replace",
    "find",
    "count",
    "join",
    "translate",
    "maketrans",
    "partition",
    "startswith",
    "__mul__",
    "__getitem__",
    "__mod__",
    "__contains__",
    "strip",
    "splitlines",
];

const BYTEARRAY_METHODS: &[&str] = &[
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "__setitem__",
    "__delitem__",
    "__imul__",
    "__iadd__",
    "hex",
    "decode",
    "reverse",
];

const INT_METHODS: &[&str] = &[
    "to_bytes",
    "from_bytes",
    "bit_length",
    "bit_count",
    "__round__",
    "__format__",
    "as_integer_ratio",
    "__mul__",
    "__truediv__",
    "__floordiv__",
    "__mod__",
    "__divmod__",
    "__and__",
    "__xor__",
    "conjugate",
];

const FLOAT_METHODS: &[&str] = &[
    "hex",
    "fromhex",
    "is_integer",
    "__round__",
    "as_integer_ratio",
    "__format__",
    "__mod__",
    "__floordiv__",
    "__divmod__",
    "__truediv__",
    "__mul__",
];

const LIST_METHODS: &[&str] = &[
    "append",
    "extend",
    "insert",
    "pop",
    "index",
    "remove",
    "sort",
    "count",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__mul__",
    "__imul__",
    "__iadd__",
    "__eq__",
    "__lt__",
    "__contains__",
    "reverse",
    "copy",
    "clear",
];

const TUPLE_METHODS: &[&str] = &[
    "index",
    "count",
    "__getitem__",
    "__mul__",
    "__add__",
    "__eq__",
    "__lt__",
    "__contains__",
    "__hash__",
];

const DICT_METHODS: &[&str] = &[
    "get",
    "pop",
    "setdefault",
    "update",
    "fromkeys",
    "popitem",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__eq__",
    "__or__",
    "__ior__",
    "__contains__",
    "items",
    "copy",
];

const SET_METHODS: &[&str] = &[
    "add",
    "discard",
    "remove",
    "pop",
    "union",
    "intersection",
    "difference",
    "symmetric_difference",
    "issubset",
    "issuperset",
    "isdisjoint",
    "update",
    "__contains__",
    "__eq__",
    "__le__",
    "__or__",
];

const DEQUE_METHODS: &[&str] = &[
    "append",
    "appendleft",
    "extend",
    "rotate",
    "insert",
    "index",
    "pop",
    "remove",
    "__getitem__",
    "__setitem__",
    "__mul__",
    "__imul__",
    "count",
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
            let f = rng.pick(BUILTINS);
            let n = arity(rng);
            format!("r = {f}({})", typed_args(rng, n, &[INTS, STRS, CONTAINERS]))
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
            let a = typed_args(rng, n, &[INTS, CONTAINERS, OTHERS]);
            format!("r = list(_islice({f}({a}), 20))")
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
    type Kind<'a> = (&'a [&'a str], &'a [&'a str], &'a [&'a [&'a str]]);
    let (receivers, methods, likely): Kind = match rng.below(11) {
        0 | 1 => (STRS, STR_METHODS, &[INTS, STRS]),
        2 => (BYTES, BYTES_METHODS, &[INTS, BYTES]),
        3 => (
            &["bytearray(b'abc')", "bytearray()"],
            BYTEARRAY_METHODS,
            &[INTS, BYTES],
        ),
        4 => (INTS, INT_METHODS, &[INTS, STRS]),
        5 => (FLOATS, FLOAT_METHODS, &[INTS, FLOATS, STRS]),
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
            &[INTS, CONTAINERS, OTHERS],
        ),
        7 => (
            &["()", "(1, 2, 3)", "DEEPT", "(_Bad(), 1)", "(DEEP,)"],
            TUPLE_METHODS,
            &[INTS, CONTAINERS],
        ),
        8 => (
            &["{}", "{'a': 1}", "_cycd()", "{1: DEEP}", "dict(DEEPD)"],
            DICT_METHODS,
            &[STRS, INTS, CONTAINERS],
        ),
        9 => (
            &["set()", "{1, 2}", "{DEEPT}", "frozenset('ab')"],
            SET_METHODS,
            &[INTS, CONTAINERS],
        ),
        _ => {
            if rng.below(2) == 0 {
                (RANGES, RANGE_METHODS, &[INTS])
            } else {
                (
                    &["collections.deque([1, 2, 3])", "collections.deque([], 2)"],
                    DEQUE_METHODS,
                    &[INTS, CONTAINERS],
                )
            }
        }
    };
    let recv = rng.pick(receivers);
    let method = rng.pick(methods);
    // Arguments of range methods are integers: a non-integer makes CPython
    // scan the whole (huge) range.
    let a = if methods == RANGE_METHODS {
        let n = if method == "__len__" { 0 } else { 1 };
        (0..n)
            .map(|_| rng.pick(INTS).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        let n = arity(rng);
        typed_args(rng, n, likely)
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
